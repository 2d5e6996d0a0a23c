# Rotates a portal user's password without the password ever reaching the
# plan or the state: the new password comes in through an ephemeral
# variable, and bumping password_version is what makes Terraform send it.
#
#   export TF_VAR_portal_password='<the new password>'
#   terraform apply -var password_version=2
terraform {
  required_version = ">= 1.11"

  required_providers {
    contacts = {
      source = "contactsapi/contacts"
    }
  }
}

# CONTACTS_ENDPOINT and CONTACTS_API_KEY configure the provider.
provider "contacts" {}

variable "portal_password" {
  description = "The portal user's password. Ephemeral: never stored in the plan or the state."
  type        = string
  ephemeral   = true
  sensitive   = true
}

variable "password_version" {
  description = "Change this number (e.g. 1, 2, 3 or a date such as 20260615) together with portal_password to send the new password."
  type        = number
  default     = 1
}

resource "contacts_client" "acme" {
  company_name = "Acme Rotation Inc"
}

resource "contacts_contact" "jane" {
  client_id  = contacts_client.acme.id
  first_name = "Jane"
  last_name  = "Doe"
  email      = "jane@rotation.example"
}

resource "contacts_portal_user" "jane" {
  contact_id = contacts_contact.jane.id

  password_wo         = var.portal_password
  password_wo_version = var.password_version
}

output "password_updated_at" {
  description = "When the server last accepted a password for the user."
  value       = contacts_portal_user.jane.password_updated_at
}
