resource "contacts_client" "acme" {
  company_name = "Acme Inc"
}
