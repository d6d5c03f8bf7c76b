Feature: The Security section
  Settings → Security holds the account's protection controls. The rules here
  come from the opening of the Security documentation.

  Background:
    Given Alice has an account
    And Alice is signed in on her laptop

  @SEC-01 @must
  Rule: SEC-01 The Security section holds password change and multi-factor authentication
    "The Security section (Settings → Security) contains two account protection controls — password change and multi-factor authentication (MFA)."

    Scenario: A new account's Security section offers multi-factor authentication and a working password change
      Then the Security section offers a way to turn on multi-factor authentication
      When Alice changes her password on her laptop
      Then the change is accepted
