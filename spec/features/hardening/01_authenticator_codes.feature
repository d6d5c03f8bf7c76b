Feature: Hardening — authenticator app codes
  What RFC 6238 and RFC 4226 ask of a TOTP verifier where the documentation is
  silent: codes are single-use everywhere, old codes expire within one step,
  and the shared secret is long enough.

  Background:
    Given Alice has an account
    And Alice is signed in on her laptop

  @HRD-01 @hardening
  Rule: HRD-01 An authenticator code is accepted once, on any device and in any dialog
    RFC 6238 §5.2: "The verifier MUST NOT accept the second attempt of the OTP after the successful validation has been issued for the first OTP, which ensures one-time only use of an OTP."
    MFA-04 already refuses a code used twice at sign-in; here the second use is in another place.

    Scenario: An app code that signed Alice in on her phone does not also turn the app off
      Given Alice has the authenticator app active
      And Alice has signed in on her phone with a code from her authenticator app
      When Alice opens the dialog to disable the authenticator app
      And Alice enters the same authenticator code
      Then the code is refused
      And the authenticator app method is active
      And Alice can still disable the authenticator app with the right code

    Scenario: An app code that opened the recovery codes does not also sign Alice in on her tablet
      Given Alice has the authenticator app active
      When Alice views her recovery codes
      And Alice signs in on her tablet with her password and the same authenticator code
      Then the code is refused
      And Alice is not signed in on her tablet

    Scenario Outline: A used authenticator code, <answer>, does not confirm identity to enable the email code
      Given Alice has the authenticator app active
      And Alice has <answer> at hand
      When Alice gives <answer> to enable the email code with the app active
      Then it is refused
      And no code is emailed to Alice
      And the email code method is not active
      And Alice can still confirm her identity to enable the email code

      Examples:
        | answer                                    |
        | the authenticator code that signed her in |
        | the code she used to activate the app     |

    Scenario Outline: A used authenticator code, <answer>, does not turn the app off
      Given Alice has the authenticator app active
      And Alice has <answer> at hand
      When Alice gives <answer> to disable the authenticator app
      Then it is refused
      And the authenticator app method is active
      And Alice can still disable the authenticator app with the right code

      Examples:
        | answer                                |
        | the code she used to activate the app |

  @HRD-02 @hardening
  Rule: HRD-02 An authenticator code minutes old is refused
    RFC 6238 §5.2, §6: "We RECOMMEND that at most one time step is allowed as the network delay."
    §5.2 RECOMMENDS one step for network delay; §6 lets a verifier look a fixed, small number of steps back for clock drift (its example: two). A code 5 minutes (ten steps) old is outside any such window.
    The scenario lets time pass first, so the old code was never used nor replaced by a used one.

    Scenario: The code Alice's app showed 5 minutes ago does not sign her in, the current one does
      Given Alice has the authenticator app active
      And 10 minutes have passed
      When Alice signs in on her phone with her password and the code her authenticator app showed 5 minutes ago
      Then the code is refused
      And Alice is not signed in on her phone
      When Alice signs in on her phone with her password and a code from her authenticator app
      Then Alice is signed in on her phone

  @HRD-03 @hardening
  Rule: HRD-03 The secret in the QR code has at least 128 bits
    RFC 4226 §4 (R6): "The length of the shared secret MUST be at least 128 bits."
    RFC 4226 recommends 160 bits; the bound checked is the MUST.

    Scenario: The QR code shown while enabling the app carries a secret of at least 128 bits
      When Alice starts enabling the authenticator app and confirms her identity
      Then the secret in the QR code is at least 128 bits long
