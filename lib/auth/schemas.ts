import { z } from "zod";

export const SignInSchema = z.object({
  email: z.string().trim().toLowerCase().regex(z.regexes.html5Email, "Enter the e-mail address of your account").max(254),
  password: z.string().min(1, "Enter your password").max(200, "Passwords are at most 200 characters"),
});

export type SignInInput = z.infer<typeof SignInSchema>;

/** Where to go after signing in: a path on this site only, never another origin. */
export const CallbackPathSchema = z
  .string()
  .regex(/^\/(?!\/)[^\s\\]*$/, "Not a path on this site")
  .max(2_000)
  .catch("/dashboard");
