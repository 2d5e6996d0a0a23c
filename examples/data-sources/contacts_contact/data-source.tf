# Look a contact up by id ...
data "contacts_contact" "by_id" {
  id = "45"
}

# ... or by email address (compared ignoring case).
data "contacts_contact" "by_email" {
  email = "jane@acme.example"
}

output "jane_portal_user_id" {
  value = data.contacts_contact.by_email.portal_user_id
}
