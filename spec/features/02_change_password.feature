Feature: Change password
  A signed-in customer changes the password of the customer area from the
  Security section: Current Password, New Password, Repeat New Password, Save.

  Background:
    Given Alice has an account
    And Alice is signed in on her laptop

  @PWD-01 @should
  Rule: PWD-01 Rotating the password every six months is recommended
    "The recommended password rotation cadence is every six months."

    Scenario: Six months after a change, the section still tells Alice when she last changed it
      Given Alice changed her password 183 days ago
      Then the Security section shows the date of the last password change as 183 days ago
      When Alice changes her password on her laptop
      Then the Security section shows today as the date of the last password change

  @PWD-02 @must
  Rule: PWD-02 The date of the last change is shown
    "The date of the last change is shown above the Change Password button."

    Scenario: A successful change shows today as the date of the last change
      Given 30 days have passed
      When Alice changes her password on her laptop
      Then the Security section shows today as the date of the last password change

    Scenario: A refused change leaves the date of the last change as it was
      Given Alice changed her password 30 days ago
      When Alice tries to change her password giving a wrong current password, which is refused
      Then the Security section shows the date of the last password change as 30 days ago

  @PWD-03 @must
  Rule: PWD-03 The dialog takes Current Password, New Password and Repeat New Password
    "Pressing the button opens a dialog with three fields:"

    Scenario: The three fields filled in correctly change the password
      When Alice changes her password on her laptop
      Then the change is accepted
      And Alice can sign in with her new password

    Scenario: A change with the Current Password left empty is refused
      When Alice tries to change her password leaving the current password empty
      Then the change is refused
      And Alice's password is unchanged
      And Alice can still change her password

    Scenario: A change with New Password left empty is refused
      When Alice tries to change her password leaving the new password empty
      Then the change is refused
      And Alice can sign in with her password
      And Alice can still change her password

    Scenario: A change with Repeat New Password left empty is refused
      When Alice tries to change her password leaving the repeat empty
      Then the change is refused
      And Alice's password is unchanged
      And Alice can still change her password

  @PWD-04 @must
  Rule: PWD-04 The Current Password must be the account's current password
    "Current Password — Your current customer-area password."

    Scenario: A wrong current password is refused and changes nothing
      Given Alice is also signed in on her phone
      When Alice tries to change her password giving a wrong current password
      Then the change is refused
      And Alice's password is unchanged
      And Alice is still signed in on her phone
      And Alice can still change her password

    Scenario: A former password is not accepted as the current one
      Given Alice changed her password 1 day ago
      When Alice tries to change her password giving her former password as the current one
      Then the change is refused
      And Alice's password is unchanged
      And Alice can still change her password

  @PWD-05 @should
  Rule: PWD-05 At least 12 characters of letters, digits and special characters are recommended
    "A minimum of 12 characters combining letters, digits and special characters is recommended."

    Scenario Outline: A new password that follows the recommendation is accepted
      When Alice changes her password to "<password>" on her laptop
      Then the change is accepted
      And Alice can sign in with her new password

      Examples:
        | password                          |
        | Tr0ub4dor&3xy                     |
        | 7-correct-Horse-battery-staple!   |
        | Zebra#Quilt&42Mango               |

  @PWD-06 @must
  Rule: PWD-06 Repeat New Password must match New Password
    "Repeat New Password — Confirmation — must match New Password."

    Scenario: A repeat that does not match is refused and changes nothing
      Given Alice is also signed in on her phone
      When Alice tries to change her password with a repeat that does not match
      Then the change is refused
      And Alice's password is unchanged
      And Alice is still signed in on her phone
      And Alice can still change her password

  @PWD-07 @must
  Rule: PWD-07 Save commits the change
    "Press Save to commit the change."

    Scenario: After Save the new password signs in and the old one does not
      When Alice changes her password on her laptop
      Then the change is accepted
      And Alice can sign in with her new password
      And Alice cannot sign in with her old password

    Scenario: Alice's new password opens only Alice's account
      Given Bob has an account
      When Alice changes her password on her laptop
      Then the change is accepted
      And Alice's new password does not sign Bob in
      And Bob can still sign in with his password
      And Alice can sign in with her new password

  @PWD-08 @must
  Rule: PWD-08 A successful change signs Alice out on every other device
    "After a successful change you will be signed out from every other device."

    Scenario: Every other device is signed out and the device used for the change is not
      Given Alice is also signed in on her phone
      And Alice is also signed in on her tablet
      When Alice changes her password on her laptop
      Then Alice is signed out on her phone
      And Alice is signed out on her tablet
      And Alice is still signed in on her laptop

    Scenario: A refused change signs no device out
      Given Alice is also signed in on her phone
      When Alice tries to change her password with a repeat that does not match
      Then Alice is still signed in on her phone
      And Alice is still signed in on her laptop
      And Alice can still change her password

    Scenario: Another customer's devices stay signed in
      Given Bob has an account
      And Bob is signed in on his phone
      When Alice changes her password on her laptop
      Then Bob is still signed in on his phone

    Scenario: Recovery codes left open on a device the change signed out are shown no more
      Signed out means the whole customer area: a dialog that was open shows nothing more.
      Given Alice has the authenticator app active
      And Alice is also signed in on her phone
      And Alice has her recovery codes open on her phone
      When Alice changes her password on her laptop
      And Alice opens her recovery codes on her laptop
      And Alice regenerates her recovery codes in the dialog on her laptop
      Then the request is accepted
      And the dialog on her laptop shows her recovery codes
      And the dialog on her phone shows none of her recovery codes
      When Alice regenerates her recovery codes in the dialog on her phone
      Then the request is refused
      And the dialog on her laptop still shows the same recovery codes

    Scenario: A dialog left open on a device the change signed out accepts nothing
      Given Alice has the authenticator app active
      And Alice is also signed in on her phone
      And Alice has the dialog to disable the authenticator app open on her phone
      When Alice changes her password on her laptop
      And Alice confirms disabling the authenticator app in the dialog on her phone
      Then the request is refused
      And the authenticator app method is active
      When Alice opens another dialog to disable the authenticator app on her laptop
      And Alice confirms disabling the authenticator app in the dialog on her laptop
      Then the request is accepted
      And the authenticator app method is not active

    Scenario: A dialog left open on a device that signs out shows nothing and accepts nothing
      Signing out ends the session the same way a password change elsewhere does.
      Given Alice has the authenticator app active
      And Alice is also signed in on her phone
      And Alice has her recovery codes open on her phone
      And Alice has her recovery codes open on her laptop
      When Alice signs out on her phone
      Then the dialog on her phone shows none of her recovery codes
      And the dialog on her laptop shows her recovery codes
      When Alice regenerates her recovery codes in the dialog on her phone
      Then the request is refused
      When Alice regenerates her recovery codes in the dialog on her laptop
      Then the request is accepted

    Scenario: Bob changing his password signs none of Alice's devices out
      Given Alice is also signed in on her phone
      And Bob has an account
      And Bob is signed in on his laptop
      And Bob is also signed in on his phone
      When Bob changes his password on his laptop
      Then the change is accepted
      And Bob is signed out on his phone
      And Alice is still signed in on her phone
      And Alice is still signed in on her laptop
      And Alice can still sign in with her password
