Feature: Signing in with multi-factor authentication
  With MFA active, sign-in takes the password and then one one-time code from
  a channel the customer picks: an email code or an authenticator app code.

  Background:
    Given Alice has an account
    And Alice is signed in on her laptop

  @MFA-01 @must
  Rule: MFA-01 With MFA active, sign-in takes the password and a one-time code
    "Multi-factor authentication adds an extra layer of protection — at sign-in you will enter your password and a one-time code from a channel of your choice."

    Scenario Outline: The password alone does not sign Alice in once the <method> is active
      Given Alice has the <method> active
      When Alice signs in on her phone with her password
      Then she is asked for a one-time code
      And Alice is not signed in on her phone
      And Alice can still sign in on her tablet with <code>

      Examples:
        | method            | code                              |
        | email code        | an email code                     |
        | authenticator app | a code from her authenticator app |

    Scenario: The password and a code from the chosen channel sign Alice in
      Given Alice has the email code method active
      When Alice signs in on her phone with her password
      And Alice chooses the email code
      And Alice enters the code from the latest email
      Then Alice is signed in on her phone

    Scenario Outline: A wrong password with a valid <method> code does not sign Alice in
      Given Alice has the <method> active
      When Alice signs in on her phone with a wrong password and <code>
      Then Alice is not signed in on her phone
      And Alice can still sign in on her tablet with <code>

      Examples:
        | method            | code                              |
        | email code        | an email code                     |
        | authenticator app | a code from her authenticator app |

  @MFA-02 @must
  Rule: MFA-02 Two methods are supported: email code and authenticator app code
    "Two methods are supported:"

    Scenario Outline: The <method> method can be turned on from the Security section
      Then the Security section offers Enable for the <method> method
      When Alice enables the <method>
      Then the <method> method is active

      Examples:
        | method            |
        | email code        |
        | authenticator app |

  @MFA-03 @must
  Rule: MFA-03 Email codes are one-time codes sent to the registered address
    "Email code — One-time codes sent to the registered email address."

    Scenario: The Security section offers the email code method
      Then the Security section offers Enable for the email code method

    Scenario: Choosing the email code at sign-in sends a code to the registered address
      Given Alice has the email code method active
      When Alice signs in on her phone with her password
      And Alice chooses the email code
      Then an email with a 6-digit code is sent to Alice's registered address

    Scenario: An email code that signed Alice in does not sign her in again
      Given Alice has the email code method active
      And Alice has signed in on her phone with an email code
      When Alice signs in on her tablet with her password and the same email code
      Then the code is refused
      And Alice is not signed in on her tablet
      And Alice can still sign in on her desktop with an email code

    Scenario: An email code used on one device does not also sign Alice in on another
      Given Alice has the email code method active
      And Alice has asked for a sign-in code by email on her tablet
      And Alice has asked for a sign-in code by email on her phone
      When Alice enters the code from the latest email
      And Alice enters the same email code on her tablet
      Then the code is refused
      And Alice is signed in on her phone
      And Alice is not signed in on her tablet

    Scenario Outline: At sign-in with an email code, <answer> does not sign Alice in
      Given Alice has the email code method active
      And Alice has <answer> at hand
      When Alice gives <answer> at sign-in with an email code on her phone
      Then it is refused
      And Alice is not signed in on her phone
      And Alice can still sign in on her tablet with an email code

      Examples:
        | answer                            |
        | her password                      |
        | a code from her authenticator app |

    Scenario: Alice's email code does not sign Bob in, and still signs her in
      Given Alice has the email code method active
      And Bob has an account
      And Bob is signed in on his laptop
      And Bob has the email code method active
      And Alice has asked for a sign-in code by email on her tablet
      When Bob signs in on his phone with his password and Alice's email code
      Then the code is refused
      And Bob is not signed in on his phone
      And Bob can still sign in on his desktop with his own email code
      And Alice's emailed code still signs her in on her tablet

  @MFA-04 @must
  Rule: MFA-04 Authenticator codes are one-time codes generated by an authenticator app
    "Authenticator app code — One-time codes generated by an authenticator app (Google Authenticator, Authy, 1Password and similar)."

    Scenario: The Security section offers the authenticator app method
      Then the Security section offers Enable for the authenticator app method

    Scenario: A code from a standard authenticator app signs Alice in
      Given Alice has the authenticator app active
      When Alice signs in on her phone with her password and a code from her authenticator app
      Then Alice is signed in on her phone

    Scenario: An authenticator code that signed Alice in does not sign her in again
      Given Alice has the authenticator app active
      And Alice has signed in on her phone with a code from her authenticator app
      When Alice signs in on her tablet with her password and the same authenticator code
      Then the code is refused
      And Alice is not signed in on her tablet
      And Alice can still sign in on her desktop with a code from her authenticator app

    Scenario: The code that activated the authenticator app does not also sign Alice in
      When Alice enables the authenticator app
      And Alice signs in on her phone with her password and the code she used to activate the app
      Then the code is refused
      And Alice is not signed in on her phone
      And Alice can still sign in on her tablet with a code from her authenticator app

    Scenario Outline: At sign-in with the authenticator app, <answer> does not sign Alice in
      Given Alice has the authenticator app active
      And Alice has <answer> at hand
      When Alice gives <answer> at sign-in with the authenticator app on her phone
      Then it is refused
      And Alice is not signed in on her phone
      And Alice can still sign in on her tablet with a code from her authenticator app

      Examples:
        | answer                                            |
        | her password                                      |
        | an email code sent for signing in                 |
        | the code her authenticator app showed an hour ago |

    Scenario: Alice's authenticator code does not sign Bob in
      Given Alice has the authenticator app active
      And Bob has an account
      And Bob is signed in on his laptop
      And Bob has the authenticator app active
      When Bob signs in on his phone with his password and Alice's authenticator code
      Then the code is refused
      And Bob is not signed in on his phone
      And Bob can still sign in on his tablet with his own authenticator code
      And Alice can still sign in on her tablet with a code from her authenticator app

  @MFA-05 @must
  Rule: MFA-05 A leaked password alone does not open the account
    "This keeps the account safe even if the password leaks."

    Scenario: Someone with the password but a wrong authenticator code stays out
      Given Alice has the authenticator app active
      When Alice signs in on her tablet with her password and a wrong authenticator code
      Then the code is refused
      And Alice is not signed in on her tablet
      And Alice can still sign in on her phone with a code from her authenticator app

    Scenario: Someone with the password but a wrong email code stays out
      Given Alice has the email code method active
      When Alice signs in on her tablet with her password and a wrong email code
      Then the code is refused
      And Alice is not signed in on her tablet
      And Alice can still sign in on her phone with an email code
