Feature: Hardening — guessing passwords, locking the owner out, flooding a mailbox
  A guesser who knows Alice's address, or her password, tries again and
  again. The standards bound what he may try without making Alice pay for it.

  Background:
    Given Alice has an account
    And Alice is signed in on her laptop

  @HRD-11 @hardening
  Rule: HRD-11 Password guesses are limited at every password prompt
    OWASP ASVS 5.0 §6.3.1: "Verify that controls to prevent attacks such as credential stuffing and password brute force are implemented according to the application's security documentation."
    The bound is NIST SP 800-63B-4 §3.2.2's: at most 100 consecutive failures on an account. Only the bound is checked: a limit of 5, a wait that grows, or a lock-out pass. The guesses come 10 minutes apart, so a wait alone, which runs out, does not stop them; the right password comes straight after the last one, on a device that never signed in.

    Scenario: After 100 wrong passwords at sign-in, the right one is refused too
      When Alice signs in on her phone with her password
      Then the sign-in is accepted
      When someone tries 100 wrong passwords for Alice on her tablet, 10 minutes apart
      And Alice signs in on her desktop with her password
      Then the sign-in is refused

    Scenario: After 100 wrong Current Passwords, each in a dialog of its own, the right one is refused too
      When Alice changes her password on her laptop
      Then the change is accepted
      When someone on Alice's laptop tries 100 wrong current passwords, each in a new Change Password dialog, 10 minutes apart
      And Alice changes her password on her laptop
      Then the change is refused

  @HRD-12 @hardening
  Rule: HRD-12 Guesses at the sign-in page do not lock Alice's signed-in devices out of their settings
    NIST SP 800-63B-4 §3.2.2: "Additional techniques MAY be used to reduce the likelihood that an attacker will lock the legitimate claimant out as a result of rate limiting."
    The limit of HRD-07 and HRD-11 is tripped first, and shown to hold; then Alice, on the laptop she signed in on before, still uses her settings.

    Scenario: After 100 wrong codes at sign-in, Alice's laptop still turns the app off
      Given Alice has the authenticator app active
      When Alice signs in on her tablet 100 times, 10 minutes apart, with her password and a wrong authenticator code, while she keeps using her laptop
      And Alice tries to sign in on her phone with her password and a code from her authenticator app
      Then Alice is not signed in on her phone
      And Alice's laptop, signed in before the guesses, still turns the authenticator app off
      And the authenticator app method is not active

    Scenario: After 100 wrong passwords at sign-in, Alice's laptop still changes the password
      When someone tries 100 wrong passwords for Alice on her tablet, 10 minutes apart, while she keeps using her laptop
      And Alice signs in on her desktop with her password
      Then the sign-in is refused
      When Alice changes her password on her laptop
      Then the change is accepted
      And Alice is still signed in on her laptop

  @HRD-13 @hardening
  Rule: HRD-13 Opening a dialog again and again does not mail a code each time
    OWASP ASVS 5.0 §2.4.1: "Verify that anti-automation controls are in place to protect against excessive calls to application functions that could lead to data exfiltration, garbage-data creation, quota exhaustion, rate-limit breaches, denial-of-service, or overuse of costly resources."
    20 openings within a minute may send at most 5 code emails; at least one must arrive, or the dialog did not do its job.

    Scenario: Opening the dialog to disable the email code 20 times within a minute
      Given Alice has the email code method active
      When Alice opens and closes the dialog to disable the email code 20 times within a minute
      Then at most 5 emails with a code reached Alice, and at least one
