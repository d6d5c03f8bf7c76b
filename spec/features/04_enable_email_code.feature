Feature: Enabling the email code method
  Pressing Enable next to Email Code: confirm identity, receive a one-time code
  at the registered address, enter it.

  Background:
    Given Alice has an account
    And Alice is signed in on her laptop

  @EML-01 @must
  Rule: EML-01 With no other method active, identity is confirmed with the password
    "Pressing Enable next to Email Code opens a dialog that first asks you to confirm your identity. If no other MFA method is active yet, the prompt is for your password;"

    Scenario: Enabling the email code first asks for the password
      When Alice starts enabling the email code
      Then the dialog asks for her password

    Scenario: A wrong password does not get past identity confirmation
      When Alice starts enabling the email code
      And Alice confirms with a wrong password
      Then the confirmation is refused
      And no code is emailed to Alice
      And the email code method is not active
      And Alice can still confirm her identity in Enable Email Code

    Scenario: Closing the dialog after the password and opening it again asks for the password again
      When Alice starts enabling the email code
      And Alice confirms with her password
      Then the confirmation is accepted
      When Alice closes the dialog
      And Alice starts enabling the email code
      Then the dialog asks for her password

    Scenario Outline: To enable the email code, <answer> does not confirm Alice's identity
      Given Alice has <answer> at hand
      When Alice gives <answer> to enable the email code
      Then it is refused
      And no code is emailed to Alice
      And the email code method is not active
      And Alice can still confirm her identity to enable the email code

      Examples:
        | answer                                          |
        | the code a closed Enable Email Code dialog sent |
        | a wrong answer to each alternative it offers    |

  @EML-02 @must
  Rule: EML-02 With the authenticator app active, identity is confirmed with an app code
    "if Authenticator App Code is already active, the prompt is for a one-time code from the app instead:"

    Scenario: With the app active, enabling the email code asks for an app code
      Given Alice has the authenticator app active
      When Alice starts enabling the email code
      Then the dialog asks for a code from her authenticator app

    Scenario: With the app active, the password does not confirm identity
      Given Alice has the authenticator app active
      When Alice starts enabling the email code
      And Alice confirms with her password
      Then the confirmation is refused
      And no code is emailed to Alice

    Scenario: With the app active, a wrong app code does not confirm identity
      Given Alice has the authenticator app active
      When Alice starts enabling the email code
      And Alice confirms with a wrong authenticator code
      Then the confirmation is refused
      And no code is emailed to Alice

    Scenario: With the app active, a current app code confirms identity
      Given Alice has the authenticator app active
      When Alice starts enabling the email code
      And Alice confirms with a code from her authenticator app
      Then the confirmation is accepted
      And an email with a 6-digit code is sent to Alice's registered address

    Scenario Outline: With the app active, <answer> does not confirm Alice's identity to enable the email code
      Given Alice has the authenticator app active
      And Alice has <answer> at hand
      When Alice gives <answer> to enable the email code with the app active
      Then it is refused
      And no code is emailed to Alice
      And the email code method is not active
      And Alice can still confirm her identity to enable the email code

      Examples:
        | answer                                            |
        | the code her authenticator app showed an hour ago |
        | a wrong answer to each alternative it offers      |
        | her password as an alternative it offers          |

  @EML-03 @must
  Rule: EML-03 Continue sends a one-time code to the registered address and shows a 6-digit input
    "Press Continue and the system sends a one-time code to your registered email address — the dialog then shows a 6-digit input:"

    Scenario: Continue sends a 6-digit code to the registered address
      When Alice starts enabling the email code
      Then no code is emailed to Alice
      When Alice confirms with her password
      Then an email with a 6-digit code is sent to Alice's registered address
      And the dialog asks for the code from the email

    @look
    Scenario: The code input takes 6 digits
      When Alice starts enabling the email code
      And Alice confirms with her password
      Then Alice sees a code input that takes 6 digits

  @EML-04 @must
  Rule: EML-04 The code from the email activates the method
    "Enter the code from the email."

    Scenario: The emailed code activates the email code method
      When Alice starts enabling the email code and confirms her identity
      And Alice enters the code from the latest email
      Then the code is accepted
      And the email code method is active

    Scenario: A wrong code does not activate the email code method
      When Alice starts enabling the email code and confirms her identity
      And Alice enters a wrong code
      Then the code is refused
      And the email code method is not active
      And Alice can still turn on the email code with the right code

  @EML-05 @must
  Rule: EML-05 Request Code resends the code once a 60-second countdown is over
    "If it does not arrive within a minute or two, press Request Code (unlocked after a 60-second countdown) to resend."

    Scenario: Request Code is locked while the countdown runs
      When Alice starts enabling the email code and confirms her identity
      Then an email with a 6-digit code is sent to Alice's registered address
      When 59 seconds pass
      And Alice presses Request Code
      Then the request is refused
      And no code is emailed to Alice
      When 2 seconds pass
      And Alice presses Request Code
      Then the request is accepted

    Scenario: Request Code resends a working code once the countdown is over
      When Alice starts enabling the email code and confirms her identity
      Then an email with a 6-digit code is sent to Alice's registered address
      When 61 seconds pass
      And Alice presses Request Code
      Then the request is accepted
      And an email with a 6-digit code is sent to Alice's registered address
      When Alice enters the code from the latest email
      Then the email code method is active

    @look
    Scenario: Request Code is shown disabled during the countdown and enabled after it
      When Alice starts enabling the email code
      And Alice confirms with her password
      Then Alice sees Request Code disabled
      When 59 seconds pass
      Then Alice sees Request Code disabled
      When 2 seconds pass
      Then Alice sees Request Code enabled

  @EML-06 @must
  Rule: EML-06 Once active, the section shows the activation date and the address codes go to
    "Once activated, the Security section shows the activation date and the email address codes are sent to."

    Scenario: The Security section shows when the email code was activated and where codes go
      Given 3 days have passed
      When Alice enables the email code
      Then the Security section shows the email code method active since today
      And the Security section shows that codes are sent to Alice's registered address

    Scenario: A code sent before midnight and entered after it dates the activation the day it was entered
      Given Bob has an account
      And Bob is signed in on his laptop
      And it is 10 seconds before midnight UTC
      When Alice starts enabling the email code and confirms her identity
      And 20 seconds pass
      And Alice enters the code from the latest email
      Then the code is accepted
      When Bob enables the email code
      Then the Security section shows Alice's email code active since the day Bob's was activated

  @EML-07 @must
  Rule: EML-07 Once active, Enable is replaced by Disable for the email code
    "The Enable button is replaced with a red Disable:"

    Scenario: The email code method offers Disable once active
      Then the Security section offers Enable for the email code method
      When Alice enables the email code
      Then the Security section offers Disable for the email code method
