# The password comes from an ephemeral variable: Terraform 1.11+ keeps it out
# of the plan and the state.
variable "portal_password" {
  type      = string
  ephemeral = true
  sensitive = true
}

resource "contacts_client" "acme" {
  company_name = "Acme Inc"
}

resource "contacts_contact" "jane" {
  client_id  = contacts_client.acme.id
  first_name = "Jane"
  last_name  = "Doe"
  email      = "jane@acme.example"
}

resource "contacts_portal_user" "jane" {
  contact_id = contacts_contact.jane.id

  # Sent when the user is created, and again only when the version changes:
  # to rotate the password, change the variable AND bump the version.
  password_wo         = var.portal_password
  password_wo_version = 1

  roles = [
    { reference = "billing" },
    { reference = "documents", expires = "2027-01-31T00:00:00Z" },
  ]
}

# A user who sets their own password from the invitation email. Bump
# invite_version to send the invitation again.
resource "contacts_contact" "sam" {
  client_id  = contacts_client.acme.id
  first_name = "Sam"
  last_name  = "Smith"
  email      = "sam@acme.example"
}

resource "contacts_portal_user" "sam" {
  contact_id     = contacts_contact.sam.id
  username       = "sam.smith"
  send_invite    = true
  invite_version = 1

  # Keep the account (revoke access only) when this resource is destroyed.
  deletion_policy = "revoke"
}

# Single sign-on: no password. status = "terminated" revokes access but
# keeps the login.
resource "contacts_contact" "alex" {
  client_id  = contacts_client.acme.id
  first_name = "Alex"
  last_name  = "Green"
  email      = "alex@acme.example"
}

resource "contacts_portal_user" "alex" {
  contact_id  = contacts_contact.alex.id
  auth_method = "azure"
  status      = "terminated"
}
