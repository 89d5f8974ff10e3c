/** A Terraform name (a variable's): a letter or `_`, then letters, digits, `_` and `-`. */
export const TERRAFORM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
