package client

import "context"

// AccessRole is a role a portal user can be granted.
type AccessRole struct {
	Reference   string `json:"reference"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// ListAccessRoles returns the roles the server defines.
func (c *Client) ListAccessRoles(ctx context.Context) ([]AccessRole, error) {
	var out []AccessRole
	if _, err := c.do(ctx, request{method: "GET", path: "/api/access-roles"}, &out); err != nil {
		return nil, err
	}
	return out, nil
}
