Feature: Enabling the authenticator app
  Four steps: identity confirmation, scanning the QR code, entering a
  generated code, and saving ten recovery codes.

  Background:
    Given Alice has an account
    And Alice is signed in on her laptop

  @APP-01 @must
  Rule: APP-01 Enabling the app goes through four steps
    "Enabling the Authenticator App Code method goes through four steps."

    Scenario: Identity, QR code, a generated code, then recovery codes
      When Alice starts enabling the authenticator app and confirms her identity
      Then the dialog shows a QR code and a manual key
      And the authenticator app method is not active
      When Alice scans the QR code
      And Alice enters the current code from her authenticator app
      Then the dialog shows her recovery codes
      And the authenticator app method is active

    Scenario: Closing the dialog before the generated code leaves the app off
      When Alice starts enabling the authenticator app and confirms her identity
      And Alice closes the dialog
      Then the authenticator app method is not active

  @APP-02 @must
  Rule: APP-02 With the email code active, the first step takes an email code
    "If you already have Email Code active, the first step uses an email code for confirmation"

    Scenario: With the email code active, the first step asks for an email code
      Given Alice has the email code method active
      When Alice starts enabling the authenticator app
      Then the dialog asks for a code sent by email

    Scenario: With the email code active, the emailed code confirms identity
      Given Alice has the email code method active
      When Alice starts enabling the authenticator app
      And Alice confirms with the code from the latest email
      Then the confirmation is accepted
      And the dialog shows a QR code and a manual key

    Scenario: With the email code active, a wrong email code does not confirm identity
      Given Alice has the email code method active
      When Alice starts enabling the authenticator app
      And Alice confirms with a wrong email code
      Then the confirmation is refused
      And the dialog does not show a QR code

    Scenario: With the email code active, the password does not confirm identity
      Given Alice has the email code method active
      When Alice starts enabling the authenticator app
      And Alice confirms with her password
      Then the confirmation is refused
      And the dialog does not show a QR code

    Scenario Outline: With the email code active, <answer> does not reveal the QR code
      Given Alice has the email code method active
      And Alice has <answer> at hand
      When Alice gives <answer> to enable the authenticator app with the email code active
      Then it is refused
      And the dialog does not show a QR code
      And Alice can still confirm her identity to enable the authenticator app

      Examples:
        | answer                                       |
        | a wrong answer to each alternative it offers |
        | her password as an alternative it offers     |

  @APP-03 @must
  Rule: APP-03 Otherwise the first step takes the password
    "(otherwise it asks for your password)."

    Scenario: With no method active, the first step asks for the password
      When Alice starts enabling the authenticator app
      Then the dialog asks for her password

    Scenario: A wrong password does not reveal the QR code
      When Alice starts enabling the authenticator app
      And Alice confirms with a wrong password
      Then the confirmation is refused
      And the dialog does not show a QR code
      And Alice can still confirm her identity in Enable Authenticator App Code

    Scenario: Closing the dialog at the QR code and opening it again asks for the password again
      When Alice starts enabling the authenticator app
      And Alice confirms with her password
      Then the dialog shows a QR code and a manual key
      When Alice closes the dialog
      And Alice starts enabling the authenticator app
      Then the dialog asks for her password
      And the dialog does not show a QR code

    Scenario Outline: To enable the authenticator app, <answer> does not reveal the QR code
      Given Alice has <answer> at hand
      When Alice gives <answer> to enable the authenticator app
      Then it is refused
      And the dialog does not show a QR code
      And Alice can still confirm her identity to enable the authenticator app

      Examples:
        | answer                                          |
        | the code a closed Enable Email Code dialog sent |
        | a wrong answer to each alternative it offers    |

  @APP-04 @must
  Rule: APP-04 The QR code can be scanned by an authenticator app
    "Scan the QR code with your authenticator app (Google Authenticator, Authy, 1Password, Bitwarden and similar)."

    Scenario: The QR code holds a time-based one-time password link for Alice's account
      When Alice starts enabling the authenticator app and confirms her identity
      Then the QR code can be scanned by an authenticator app

  @APP-05 @must
  Rule: APP-05 The alphanumeric code below the QR can be added by hand
    "If your app does not support scanning, copy the alphanumeric code shown below the QR and add it manually."

    Scenario: The manual key is alphanumeric and is the secret in the QR code
      When Alice starts enabling the authenticator app and confirms her identity
      Then the manual key is alphanumeric
      And the manual key is the secret in the QR code

    Scenario: Codes from the typed-in key activate the app
      When Alice starts enabling the authenticator app and confirms her identity
      And Alice adds the manual key to her authenticator app
      And Alice enters the current code from her authenticator app
      Then the code is accepted
      And the authenticator app method is active

    @look
    Scenario: The key is shown below the QR code
      When Alice starts enabling the authenticator app
      And Alice confirms with her password
      Then Alice sees the alphanumeric key below the QR code

  @APP-06 @must
  Rule: APP-06 The current 6-digit code, renewed every 30 seconds, completes step 3
    "After the app links the account it generates 6-digit codes every 30 seconds. Enter the current one:"

    Scenario: The QR code sets up 6-digit codes renewed every 30 seconds
      When Alice starts enabling the authenticator app and confirms her identity
      Then the QR code sets up 6-digit codes that change every 30 seconds

    Scenario: A wrong code does not activate the app
      When Alice starts enabling the authenticator app and confirms her identity
      And Alice scans the QR code
      And Alice enters a wrong code
      Then the code is refused
      And the authenticator app method is not active
      And Alice can still turn on the authenticator app with the right code

    Scenario: A code the app showed an hour ago is not the current one
      When Alice starts enabling the authenticator app and confirms her identity
      And Alice scans the QR code
      And Alice enters the code her authenticator app showed an hour ago
      Then the code is refused
      And the authenticator app method is not active
      And Alice can still turn on the authenticator app with the right code

  @APP-07 @must
  Rule: APP-07 On success the dialog shows 10 recovery codes
    "On success the dialog shows 10 one-time recovery codes."

    Scenario: Activation shows ten different recovery codes
      When Alice enables the authenticator app, keeping the dialog open
      Then the dialog shows 10 recovery codes, all different

  @APP-08 @must
  Rule: APP-08 Each recovery code can be used only once
    "Each code can be used only once"

    Scenario: A recovery code that signed Alice in does not sign her in again
      Given Alice has the authenticator app active
      And Alice has signed in on her phone with one of her recovery codes
      When Alice signs in on her tablet with her password and the same recovery code
      Then the code is refused
      And Alice is not signed in on her tablet

    Scenario: A recovery code used on one device does not also sign Alice in on another waiting for a code
      Given Alice has the authenticator app active
      And Alice has entered her password on her tablet
      When Alice signs in on her phone with her password and one of her recovery codes
      And Alice enters the same recovery code on her tablet
      Then the code is refused
      And Alice is signed in on her phone
      And Alice is not signed in on her tablet

    Scenario: Alice's recovery code does not sign Bob in, and is not used up by his try
      Given Alice has the authenticator app active
      And Bob has an account
      And Bob is signed in on his laptop
      And Bob has the authenticator app active
      When Bob signs in on his phone with his password and one of Alice's recovery codes
      Then the code is refused
      And Bob is not signed in on his phone
      And Bob can still sign in on his tablet with his own recovery code
      And the recovery code Bob tried still signs Alice in on her tablet

  @APP-09 @must
  Rule: APP-09 A recovery code signs Alice in without the authenticator app
    "and serves as a fallback sign-in method if you lose access to the authenticator app."

    Scenario: A recovery code signs Alice in instead of an app code
      Given Alice has the authenticator app active
      When Alice signs in on her phone with her password and one of her recovery codes
      Then Alice is signed in on her phone

    Scenario: A code that is not one of Alice's recovery codes does not sign her in
      Given Alice has the authenticator app active
      When Alice signs in on her phone with her password and a made-up recovery code
      Then the code is refused
      And Alice is not signed in on her phone
      And Alice can still sign in on her tablet with one of her recovery codes

    Scenario Outline: At sign-in with a recovery code, <answer> does not sign Alice in
      Given Alice has the authenticator app active
      And Alice has <answer> at hand
      When Alice gives <answer> at sign-in with a recovery code on her phone
      Then it is refused
      And Alice is not signed in on her phone
      And Alice can still sign in on her tablet with one of her recovery codes

      Examples:
        | answer       |
        | her password |

  @APP-10 @must
  Rule: APP-10 Download as Text File saves the recovery codes as a .txt file
    "the Download as Text File button saves them as a .txt file."

    Scenario: The downloaded text file holds every recovery code
      When Alice enables the authenticator app, keeping the dialog open
      And Alice downloads the recovery codes as a text file
      Then the file is a .txt file holding every recovery code the dialog shows

    @look
    Scenario: The browser saves the recovery codes as a .txt file
      When Alice enables the authenticator app, keeping the dialog open
      And Alice downloads the recovery codes as a text file
      Then Alice's browser saved a .txt file

  @APP-11 @must
  Rule: APP-11 Once closed, the codes are shown again only after a fresh authenticator code
    "Once the dialog is closed they are not shown again without a fresh authenticator code."

    Scenario: The closed dialog itself shows the codes no more
      When Alice enables the authenticator app, keeping the dialog open
      And Alice closes the dialog
      Then the dialog shows no recovery codes

    Scenario: Once the dialog is closed, View Recovery Codes shows no codes before a code is given
      When Alice enables the authenticator app, keeping the dialog open
      And Alice closes the dialog
      And Alice opens View Recovery Codes
      Then the dialog shows no recovery codes

    Scenario: A wrong authenticator code does not show the codes again
      Given Alice has the authenticator app active
      When Alice opens View Recovery Codes
      And Alice confirms with a wrong authenticator code
      Then the confirmation is refused
      And the dialog shows no recovery codes
      And Alice can still see her recovery codes with a fresh authenticator code

    Scenario: The code that activated the app does not show the codes again
      When Alice enables the authenticator app
      And Alice opens View Recovery Codes
      And Alice confirms with the code she used to activate the app
      Then the confirmation is refused
      And the dialog shows no recovery codes
      And Alice can still see her recovery codes with a fresh authenticator code

    Scenario Outline: To view her recovery codes again, <answer> is refused
      Given Alice has the authenticator app active
      And Alice has <answer> at hand
      When Alice gives <answer> to view her recovery codes
      Then it is refused
      And the dialog shows no recovery codes
      And Alice can still see her recovery codes with a fresh authenticator code

      Examples:
        | answer                                   |
        | her password as an alternative it offers |

    Scenario: A fresh authenticator code shows the codes again
      Given Alice has the authenticator app active
      When Alice opens View Recovery Codes
      And Alice confirms with a code from her authenticator app
      Then the confirmation is accepted
      And the dialog shows her recovery codes
