variable "portal_passwords" {
  description = "Initial portal passwords by contact email, for the rows whose portal column is \"password\" (the PORTAL_PASSWORDS secret, as JSON)."
  type        = map(string)
  default     = {}
  ephemeral   = true
  sensitive   = true
}

variable "password_version" {
  description = "Change it to send every password in portal_passwords again."
  type        = number
  default     = 1
}
