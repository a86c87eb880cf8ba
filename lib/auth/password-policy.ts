// The password rules, apart from the hashing code so that forms in the browser can use them.
// NIST SP 800-63B §3.1.1.2: length matters more than composition rules.
export const PASSWORD_MIN_LENGTH = 12;
