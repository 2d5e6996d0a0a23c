# Every client company whose name contains "fabrikam" (terraform query,
# Terraform 1.14 and later).
list "contacts_client" "fabrikam" {
  provider = contacts

  config {
    search = "fabrikam"
  }
}
