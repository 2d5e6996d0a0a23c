resource "contacts_client" "acme" {
  company_name = "Acme Inc"
}

resource "contacts_contact" "jane" {
  client_id    = contacts_client.acme.id
  first_name   = "Jane"
  last_name    = "Doe"
  email        = "jane@acme.example"
  phone        = "+1 555 0100"
  job_position = "CFO"

  # Write-only (Terraform 1.11+): sends the welcome email when the contact is
  # created and never again; it is not stored in state.
  send_welcome_email = true
}
