output "client_id" {
  description = "Id of the onboarded company."
  value       = contacts_client.company.id
}

output "contact_ids" {
  description = "Contact id by email."
  value       = { for email, c in contacts_contact.people : email => c.id }
}

output "account_owner_contact_id" {
  description = "Id of the account owner's contact."
  value       = contacts_account_owner.company.contact_id
}

output "portal_users" {
  description = "Portal login by email: username, sign-in method, status and invitation status."
  value = {
    for email, u in contacts_portal_user.people : email => {
      id                = u.id
      username          = u.username
      auth_method       = u.auth_method
      status            = u.status
      invitation_status = u.invitation_status
      roles             = sort([for r in u.roles : r.reference])
    }
  }
}
