Feature: Hardening — secrets a browser must not keep
  The authenticator app's key and the recovery codes reach Alice in an
  answer from the product. A browser or a proxy that stores that answer
  keeps a second factor for whoever uses the machine next.

  Background:
    Given Alice has an account
    And Alice is signed in on her laptop

  @HRD-14 @hardening
  Rule: HRD-14 Answers that show the app's key or the recovery codes may not be cached
    OWASP ASVS 5.0 §14.3.2: "Verify that the application sets sufficient anti-caching HTTP response header fields (i.e., Cache-Control: no-store) so that sensitive data is not cached in browsers."
    Only what the clause names is checked: no-store among the Cache-Control directives of the answer that showed the secret. A driver that does not talk HTTP to the product sees no header field: the rule is NOT-APPLICABLE to it.

    Scenario: The answer that shows the QR code and its key may not be cached
      When Alice starts enabling the authenticator app and confirms her identity
      Then the answer that shows Alice the key of the authenticator app on her laptop may not be cached

    Scenario: The answer that shows the recovery codes may not be cached
      Given Alice has the authenticator app active
      When Alice opens her recovery codes on her laptop
      Then the answer that shows Alice her recovery codes on her laptop may not be cached
