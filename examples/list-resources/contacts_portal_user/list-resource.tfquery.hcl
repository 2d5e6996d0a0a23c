# Every portal login of client 12, revoked ones included (status defaults
# to "all"; "active" or "terminated" narrow it).
list "contacts_portal_user" "acme" {
  provider         = contacts
  include_resource = true
  limit            = 1000

  config {
    client_id = 12
  }
}
