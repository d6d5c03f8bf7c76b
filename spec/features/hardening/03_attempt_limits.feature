Feature: Hardening — limits on wrong codes
  NIST SP 800-63B limits consecutive failed attempts on an account, however
  they are spread over sign-in attempts and devices. Someone who knows
  Alice's password tries codes on her tablet; then Alice herself tries on her
  phone with a right code.

  Background:
    Given Alice has an account
    And Alice is signed in on her laptop

  @HRD-07 @hardening
  Rule: HRD-07 At most 100 consecutive wrong codes on an account, across sign-in attempts
    NIST SP 800-63B-4 §3.2.2: "The verifier SHALL limit consecutive failed authentication attempts on a single subscriber account to no more than 100."
    Only the bound is checked: a limit of 3, a wait that grows, or a lock-out all pass. The wrong codes come 10 minutes apart, so a wait alone, which runs out, does not stop them; the right code comes straight after the last one.

    Scenario: After 100 sign-ins with a wrong authenticator code, a right one is refused too
      Given Alice has the authenticator app active
      When Alice signs in on her tablet 100 times, 10 minutes apart, with her password and a wrong authenticator code
      And Alice tries to sign in on her phone with her password and a code from her authenticator app
      Then Alice is not signed in on her phone

    Scenario: After 100 sign-ins with a wrong email code, a right one is refused too
      Given Alice has the email code method active
      When Alice signs in on her tablet 100 times, 10 minutes apart, with her password and a wrong email code
      And Alice tries to sign in on her phone with her password and an email code
      Then Alice is not signed in on her phone

  @HRD-08 @hardening
  Rule: HRD-08 Recovery codes cannot be found by trying one after another
    NIST SP 800-63B-4 §3.1.2.2: "For look-up secrets that have less than 64 bits of entropy, the verifier SHALL implement a rate-limiting mechanism that effectively limits the number of failed authentication attempts that can be made on the subscriber's account as described in Sec. 3.2.2."
    The entropy is estimated from the codes Alice was shown: their length and the kinds of characters they use.

    Scenario: After 100 sign-ins with made-up recovery codes, a real one is refused too
      Given Alice has the authenticator app active
      When Alice signs in on her tablet 100 times, 10 minutes apart, with her password and a made-up recovery code
      And Alice tries to sign in on her phone with her password and one of her recovery codes
      Then Alice is not signed in on her phone, unless her recovery codes hold 64 bits or more
