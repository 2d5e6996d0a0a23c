# Every contact of one client whose name, email or phone contains "smith",
# sorted by last name. All pages of the API's list are read.
data "contacts_contacts" "smiths" {
  client_id = 12
  search    = "smith"
  sort      = "last_name"
  order     = "asc"
}

# The account owners of all clients.
data "contacts_contacts" "owners" {
  account_owner = "yes"
}

output "smith_emails" {
  value = data.contacts_contacts.smiths.contacts[*].email
}
