# Terraform 1.14 or later. Reset Jane's password now, without the old one;
# the password comes from the environment and is stored nowhere:
#   TF_VAR_jane_new_password='...' terraform apply -invoke=action.contacts_portal_user_set_password.jane
variable "jane_new_password" {
  type      = string
  sensitive = true
  ephemeral = true
  default   = null
}

action "contacts_portal_user_set_password" "jane" {
  config {
    portal_user_id = contacts_portal_user.jane.id
    password_wo    = var.jane_new_password
  }
}

resource "contacts_portal_user" "jane" {
  contact_id = 42
}
