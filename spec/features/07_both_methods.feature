Feature: Both methods enabled
  Email code and authenticator app can be active together; sign-in then asks
  for one code from whichever the customer picks.

  Background:
    Given Alice has an account
    And Alice is signed in on her laptop

  @BTH-01 @must
  Rule: BTH-01 Both methods can be active at once
    "With both methods enabled at once (email + app) the Security section looks like this:"

    Scenario: The Security section shows both methods active, each offering Disable
      Given Bob has an account
      And Bob is signed in on his laptop
      And Bob has the authenticator app active
      And Alice has the email code method active
      When Alice enables the authenticator app as well
      Then the email code method is active
      And the authenticator app method is active
      And the Security section offers Disable for the email code method
      And the Security section offers Disable for the authenticator app method

  @BTH-02 @must
  Rule: BTH-02 Sign-in asks for one code from the method Alice picks
    "At sign-in the system asks for one code — from whichever method you pick on the sign-in page."

    Scenario: The sign-in page offers both active methods
      Given Alice has both methods active
      When Alice signs in on her phone with her password
      Then she can choose between the email code and the authenticator app

    Scenario: One code from the authenticator app is enough
      Given Alice has both methods active
      When Alice signs in on her phone with her password and a code from her authenticator app
      Then Alice is signed in on her phone

  @BTH-03 @must
  Rule: BTH-03 The other method is a fallback when the primary is lost
    "Keeping more than one method active gives you a fallback if you lose access to the primary."

    Scenario: Without her authenticator app, Alice signs in with an email code
      Given Alice has both methods active
      When Alice signs in on her tablet with her password and an email code
      Then Alice is signed in on her tablet
