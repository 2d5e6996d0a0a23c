# Exactly one of id, contact_id and username.
data "contacts_portal_user" "jane" {
  username = "jane@acme.example"
}

data "contacts_portal_user" "by_contact" {
  contact_id = 45
}

output "jane_status" {
  value = data.contacts_portal_user.jane.status
}
