# A portal user can be imported by its numeric id
terraform import contacts_portal_user.jane 301

# or by its username or its contact's email (compared ignoring case).
# Import never changes the password and emails nobody: password_wo with a
# password_wo_version sets a password; a first invite_version is only recorded
# (change it again to send an invitation).
terraform import contacts_portal_user.sam sam.smith
