resource "contacts_client" "acme" {
  company_name = "Acme Inc"
}

resource "contacts_contact" "jane" {
  client_id  = contacts_client.acme.id
  first_name = "Jane"
  last_name  = "Doe"
  email      = "jane@acme.example"
}

# One per client. Destroying it leaves Jane as the owner: the API cannot
# unset an account owner, only promote another contact.
resource "contacts_account_owner" "acme" {
  client_id  = contacts_client.acme.id
  contact_id = contacts_contact.jane.id
}
