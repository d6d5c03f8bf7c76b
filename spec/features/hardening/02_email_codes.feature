Feature: Hardening — email codes
  NIST SP 800-63B's rules for codes sent to the user (out-of-band verifiers),
  applied to email codes: a short lifetime, one use, and a limit on wrong
  codes that a new code does not reset.

  Background:
    Given Alice has an account
    And Alice is signed in on her laptop

  @HRD-04 @hardening
  Rule: HRD-04 An email code stops working after at most 10 minutes
    NIST SP 800-63B-4 §3.1.3.2: "The authentication SHALL be considered invalid if not completed within 10 minutes."
    Only the bound is checked: a code that expires sooner passes too.

    Scenario: A sign-in code entered just over 10 minutes after it was sent is refused
      Given Alice has the email code method active
      And Alice has asked for a sign-in code by email on her phone
      When 10 minutes and 1 second pass
      And Alice enters the code from the latest email
      Then the code is refused
      And Alice is not signed in on her phone

    Scenario: A code for turning on email codes entered just over 10 minutes after it was sent is refused
      When Alice starts enabling the email code and confirms her identity
      And 10 minutes and 1 second pass
      And Alice enters the code from the latest email
      Then the code is refused
      And the email code method is not active

  @HRD-05 @hardening
  Rule: HRD-05 An email code is accepted once, wherever it is entered
    NIST SP 800-63B-4 §3.1.3.2: "Verifiers SHALL accept a given authentication secret only once during the validity period."
    MFA-03 already refuses a sign-in code used twice; here the first use is in a dialog.

    Scenario: The email code that turned email codes on does not also sign Alice in on her tablet
      When Alice enables the email code
      And Alice signs in on her tablet with her password and the same email code
      Then the code is refused
      And Alice is not signed in on her tablet

    Scenario Outline: A used email code, <answer>, does not confirm identity to enable the app
      Given Alice has the email code method active
      And Alice has <answer> at hand
      When Alice gives <answer> to enable the authenticator app with the email code active
      Then it is refused
      And the dialog does not show a QR code
      And Alice can still confirm her identity to enable the authenticator app

      Examples:
        | answer                              |
        | the code that turned email codes on |
        | the email code that signed her in   |

    Scenario Outline: A used email code, <answer>, does not turn email codes off
      Given Alice has the email code method active
      And Alice has <answer> at hand
      When Alice gives <answer> to disable the email code
      Then it is refused
      And the email code method is active
      And Alice can still disable the email code with the right code

      Examples:
        | answer                              |
        | the email code that signed her in   |
        | the code that turned email codes on |

  @HRD-06 @hardening
  Rule: HRD-06 Asking for a new email code does not reset the count of wrong codes
    NIST SP 800-63B-4 §3.1.3.2: "If the authentication secret has less than 64 bits of entropy, the verifier SHALL implement a rate-limiting mechanism that effectively limits the number of failed authentication attempts that can be made on the subscriber's account as described in Sec. 3.2.2."
    The count belongs to the account, so after at most 100 wrong codes even the right one is refused, however many new codes were sent and dialogs opened in between.

    Scenario: After 100 wrong codes, with new codes and new dialogs in between, the right code is refused
      When Alice tries 100 wrong codes to turn on the email code, each in a new dialog, asking for a new code after each
      And Alice starts enabling the email code and confirms her identity
      And Alice enters the code from the latest email
      Then the code is refused
      And the email code method is not active
