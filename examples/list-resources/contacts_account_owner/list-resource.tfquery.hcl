# The account owner of every client that has one.
list "contacts_account_owner" "all" {
  provider         = contacts
  include_resource = true
  limit            = 1000
}
