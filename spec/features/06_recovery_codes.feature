Feature: Reviewing and regenerating recovery codes
  From the Authenticator App Code block → View Recovery Codes: a fresh app code
  first, then the currently valid codes, and Regenerate for a new set.

  Background:
    Given Alice has an account
    And Alice is signed in on her laptop
    And Alice has the authenticator app active

  @REC-01 @must
  Rule: REC-01 View Recovery Codes first asks for a code from the authenticator app
    "After activation you can review or regenerate the recovery codes from the Authenticator App Code block → View Recovery Codes link. The dialog first asks for a one-time code from the authenticator app:"

    Scenario: View Recovery Codes asks for a code from the authenticator app
      When Alice opens View Recovery Codes
      Then the dialog asks for a code from her authenticator app
      And the dialog shows no recovery codes

    Scenario: The password does not open the recovery codes
      When Alice opens View Recovery Codes
      And Alice confirms with her password
      Then the confirmation is refused
      And the dialog shows no recovery codes
      And Alice can still see her recovery codes with a fresh authenticator code

    Scenario: An email code does not open the recovery codes
      Given Alice has the email code method active as well
      And Alice has asked for a sign-in code by email on her tablet
      When Alice opens View Recovery Codes
      And Alice confirms with the code from the latest email
      Then the confirmation is refused
      And the dialog shows no recovery codes
      And Alice can still see her recovery codes with a fresh authenticator code

    Scenario: Regenerate does nothing before the authenticator code is given
      When Alice opens View Recovery Codes
      And Alice regenerates her recovery codes
      Then the request is refused
      And the dialog shows no recovery codes
      When Alice signs in on her phone with her password and one of her recovery codes
      Then Alice is signed in on her phone

    Scenario Outline: To view her recovery codes, <answer> is refused
      Given Alice has <answer> at hand
      When Alice gives <answer> to view her recovery codes
      Then it is refused
      And the dialog shows no recovery codes
      And Alice can still see her recovery codes with a fresh authenticator code

      Examples:
        | answer                                            |
        | one of her recovery codes                         |
        | the authenticator code that signed her in         |
        | the code her authenticator app showed an hour ago |
        | a wrong answer to each alternative it offers      |
        | her password as an alternative it offers          |

  @REC-02 @must
  Rule: REC-02 After confirming, the currently valid codes are displayed
    "After confirming, the currently valid codes are displayed:"

    Scenario: The dialog shows the codes Alice was given at activation
      When Alice views her recovery codes
      Then the shown codes are the ones Alice was given at activation

    Scenario: A used recovery code is no longer listed
      Given Alice has signed in on her phone with one of her recovery codes
      When Alice views her recovery codes
      Then the shown codes are the ones Alice was given at activation except the one she used

  @REC-03 @must
  Rule: REC-03 Regenerate invalidates every existing code and issues 10 fresh ones
    "The Regenerate button invalidates all existing codes and issues a fresh set of 10."

    Scenario: Regenerate shows ten new codes and none of the old ones
      When Alice views her recovery codes
      And Alice regenerates her recovery codes
      Then the request is accepted
      And the dialog shows 10 recovery codes, none of them an old one

    Scenario: After Regenerate an old recovery code no longer signs in
      When Alice views her recovery codes
      And Alice regenerates her recovery codes
      And Alice signs in on her phone with her password and an old recovery code
      Then the code is refused
      And Alice is not signed in on her phone
      And Alice can still sign in on her tablet with one of her recovery codes

    Scenario: After Regenerate a new recovery code signs in
      When Alice views her recovery codes
      And Alice regenerates her recovery codes
      And Alice signs in on her phone with her password and one of her recovery codes
      Then Alice is signed in on her phone

    Scenario: Bob regenerating his recovery codes leaves Alice's codes working
      Given Bob has an account
      And Bob is signed in on his laptop
      And Bob has the authenticator app active
      When Bob regenerates his recovery codes
      Then Alice can still sign in on her phone with one of her recovery codes
      And Bob can still sign in on his phone with his own recovery code
