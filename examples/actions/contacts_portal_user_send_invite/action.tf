# Terraform 1.14 or later. Send Jane her invitation again, once:
#   terraform apply -invoke=action.contacts_portal_user_send_invite.jane
action "contacts_portal_user_send_invite" "jane" {
  config {
    portal_user_id = contacts_portal_user.jane.id
  }
}

# Jane is created without a password and invited as soon as she exists.
resource "contacts_portal_user" "jane" {
  contact_id = 42

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.contacts_portal_user_send_invite.jane]
    }
  }
}

# A portal user that this configuration does not manage, by its id:
#   terraform apply -invoke=action.contacts_portal_user_send_invite.bob
action "contacts_portal_user_send_invite" "bob" {
  config {
    portal_user_id = "302"
  }
}
