Feature: Disabling a method
  A red Disable replaces Enable once a method is active; a one-time code
  confirms the request.

  Background:
    Given Alice has an account
    And Alice is signed in on her laptop

  @DIS-01 @must
  Rule: DIS-01 Once enabled, a method offers Disable instead of Enable
    "Once enabled, the Enable button is replaced by a red Disable."

    Scenario Outline: The <method> offers Disable once active
      Then the Security section offers Enable for the <method> method
      When Alice enables the <method>
      Then the Security section offers Disable for the <method> method

      Examples:
        | method            |
        | email code        |
        | authenticator app |

    @look
    Scenario Outline: The Disable button that replaces Enable for the <method> is red
      Given Alice has the <method> active
      Then Alice sees a red Disable button for the <method> method

      Examples:
        | method            |
        | email code        |
        | authenticator app |

  @DIS-02 @must
  Rule: DIS-02 Disabling the email code takes a code emailed as the dialog opens
    "Clicking it opens a dialog that requires a one-time code (sent automatically when the dialog opens for the email method,"

    Scenario: Opening Disable for the email code sends a code to the registered address
      Given Alice has the email code method active
      When Alice opens the dialog to disable the email code
      Then an email with a 6-digit code is sent to Alice's registered address

    Scenario: A wrong code does not disable the email code
      Given Alice has the email code method active
      When Alice opens the dialog to disable the email code
      And Alice enters a wrong code
      Then the code is refused
      And the email code method is active
      And Alice can still disable the email code with the right code

    Scenario: Disable without a code does not disable the email code
      Given Alice has the email code method active
      When Alice opens the dialog to disable the email code
      And Alice presses Disable without entering a code
      Then the code is refused
      And the email code method is active
      And Alice can still disable the email code with the right code

    Scenario: A code from the authenticator app does not disable the email code
      Given Alice has both methods active
      When Alice opens the dialog to disable the email code
      And Alice enters the current code from her authenticator app
      Then the code is refused
      And the email code method is active
      And Alice can still disable the email code with the right code

    Scenario Outline: To disable the email code, <answer> is refused
      Given Alice has the email code method active
      And Alice has <answer> at hand
      When Alice gives <answer> to disable the email code
      Then it is refused
      And the email code method is active
      And Alice can still disable the email code with the right code

      Examples:
        | answer                                       |
        | her password                                 |
        | a wrong answer to each alternative it offers |
        | her password as an alternative it offers     |

    Scenario: A code emailed to Alice does not turn Bob's email codes off
      Given Alice has the email code method active
      And Bob has an account
      And Bob is signed in on his laptop
      And Bob has the email code method active
      When Alice opens the dialog to disable the email code
      And Bob opens the dialog to disable the email code
      And Bob enters Alice's latest email code
      Then the code is refused
      And Bob's email code method is still active
      And Bob can still disable the email code with the right code

  @DIS-03 @must
  Rule: DIS-03 Disabling the authenticator app takes a code from the app
    "or taken from the authenticator app for the app method) to confirm the request:"

    Scenario: Disabling the authenticator app asks for a code from the app
      Given Alice has the authenticator app active
      When Alice opens the dialog to disable the authenticator app
      Then the dialog asks for a code from her authenticator app

    Scenario: A wrong app code does not disable the authenticator app
      Given Alice has the authenticator app active
      When Alice opens the dialog to disable the authenticator app
      And Alice enters a wrong code
      Then the code is refused
      And the authenticator app method is active
      And Alice can still disable the authenticator app with the right code

    Scenario: Disable without a code does not disable the authenticator app
      Given Alice has the authenticator app active
      When Alice opens the dialog to disable the authenticator app
      And Alice presses Disable without entering a code
      Then the code is refused
      And the authenticator app method is active
      And Alice can still disable the authenticator app with the right code

    Scenario: An email code does not disable the authenticator app
      Given Alice has both methods active
      And Alice has asked for a sign-in code by email on her tablet
      When Alice opens the dialog to disable the authenticator app
      And Alice enters the code from the latest email
      Then the code is refused
      And the authenticator app method is active
      And Alice can still disable the authenticator app with the right code

    Scenario Outline: To disable the authenticator app, <answer> is refused
      Given Alice has the authenticator app active
      And Alice has <answer> at hand
      When Alice gives <answer> to disable the authenticator app
      Then it is refused
      And the authenticator app method is active
      And Alice can still disable the authenticator app with the right code

      Examples:
        | answer                                            |
        | her password                                      |
        | the code her authenticator app showed an hour ago |
        | a wrong answer to each alternative it offers      |
        | her password as an alternative it offers          |

  @DIS-04 @must
  Rule: DIS-04 The code and Disable turn the method off
    "Enter the code and press Disable to turn the method off."

    Scenario Outline: Disabling the <method> turns the method off
      Given Alice has the <method> method active
      When Alice disables the <method>
      Then the <method> method is not active
      And the Security section offers Enable for the <method> method

      Examples:
        | method            |
        | email code        |
        | authenticator app |

    Scenario Outline: Bob turning his <method> off leaves Alice's on
      Given Alice has the <method> method active
      And Bob has an account
      And Bob is signed in on his laptop
      And Bob has the <method> method active
      When Bob disables the <method>
      Then Bob's <method> method is not active
      And Alice's <method> method is still active

      Examples:
        | method            |
        | email code        |
        | authenticator app |

  @DIS-05 @must
  Rule: DIS-05 The remaining active methods still protect sign-in
    "Afterwards access to the account is still protected by the remaining active MFA methods —"

    Scenario: With the email code disabled, the authenticator app still protects sign-in
      Given Alice has both methods active
      When Alice disables the email code
      Then the authenticator app method is active
      When Alice signs in on her phone with her password
      Then she is asked for a one-time code
      And Alice is not signed in on her phone
      And Alice can still sign in on her tablet with a code from her authenticator app

    Scenario: With the authenticator app disabled, the email code still protects sign-in
      Given Alice has both methods active
      When Alice disables the authenticator app
      Then the email code method is active
      When Alice signs in on her phone with her password
      Then she is asked for a one-time code
      And Alice is not signed in on her phone
      And Alice can still sign in on her tablet with an email code

  @DIS-06 @must
  Rule: DIS-06 With the last method disabled, sign-in falls back to the password only
    "if you disable the last one, sign-in falls back to password only."

    Scenario: With the email code disabled and nothing else active, the password alone signs in
      Given Alice has the email code method active
      When Alice disables the email code
      And Alice signs in on her phone with her password
      Then Alice is signed in on her phone

    Scenario: With the authenticator app disabled and nothing else active, the password alone signs in
      Given Alice has the authenticator app active
      When Alice disables the authenticator app
      And Alice signs in on her phone with her password
      Then Alice is signed in on her phone

  @DIS-07 @should
  Rule: DIS-07 Keeping at least one method active is recommended
    "We recommend keeping at least one method active."

    Scenario: After disabling her last method Alice can turn one on again
      Given Alice has the email code method active
      When Alice disables the email code
      And Alice turns the email code on again
      Then the email code method is active
