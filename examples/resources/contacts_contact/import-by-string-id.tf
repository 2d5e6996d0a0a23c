# Import by email address (compared ignoring case) or by numeric id ("45").
# Run `terraform plan -generate-config-out=generated.tf` to have the
# resource block written for you.
import {
  to = contacts_contact.jane
  id = "jane@acme.example"
}
