# Every portal user of one client, active and terminated, across all pages.
data "contacts_portal_users" "acme" {
  client_id = 12
  status    = "all"
}

output "terminated_usernames" {
  value = [for u in data.contacts_portal_users.acme.portal_users : u.username if u.status == "terminated"]
}
