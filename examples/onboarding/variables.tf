# The provider reads the API's address and key from CONTACTS_ENDPOINT and
# CONTACTS_API_KEY, so neither appears in a file.

variable "company_name" {
  description = "Name of the client company to onboard."
  type        = string
  default     = "Acme Inc"
}

variable "contacts_file" {
  description = "CSV file of the company's contacts: first_name, last_name, email, phone, job_position, portal (password, invite, sso or none) and roles (access role references separated by spaces)."
  type        = string
  default     = "contacts.csv"
}

variable "account_owner_email" {
  description = "Email of the contact who becomes the company's account owner; must be in the CSV file."
  type        = string
  default     = "jane@acme.example"
}

# Initial portal passwords of the contacts whose portal column is "password",
# keyed by email. Ephemeral (Terraform 1.11+): the values reach the provider's
# write-only password_wo and are never written to the plan or the state.
# Pass them from a secret store, e.g.
#   export TF_VAR_portal_passwords='{"jane@acme.example" = "…"}'
variable "portal_passwords" {
  description = "Initial portal passwords by contact email, for the contacts whose portal column is \"password\"."
  type        = map(string)
  default     = {}
  ephemeral   = true
  sensitive   = true
}

# Bump to send every password in portal_passwords again (a rotation).
variable "password_version" {
  description = "Version of the passwords in portal_passwords; changing it sends them again."
  type        = number
  default     = 1
}
