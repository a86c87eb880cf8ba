import { describe, expect, it } from "vitest";
import { CallbackPathSchema, SignInSchema } from "./schemas";

describe("CallbackPathSchema (where to go after signing in)", () => {
  it.each(["/cases?x=1", "/dashboard", "/", "/admin/users/abc?tab=1#top", "/cases/42"])("keeps the path %s", (path) => {
    expect(CallbackPathSchema.parse(path)).toBe(path);
  });

  it.each([
    "//evil.com",
    "//evil.com/cases",
    "https://evil.com",
    "http://localhost:3000/cases",
    "javascript:alert(1)",
    "/\\evil.com",
    "\\\\evil.com",
    "evil.com",
    "/ /evil.com",
    "",
    "/".padEnd(2_100, "a"),
  ])("replaces %j with the dashboard", (value) => {
    expect(CallbackPathSchema.parse(value)).toBe("/dashboard");
  });

  it("replaces anything that is not text with the dashboard", () => {
    for (const value of [undefined, null, 42, ["/cases"], { path: "/cases" }]) expect(CallbackPathSchema.parse(value)).toBe("/dashboard");
  });
});

describe("SignInSchema", () => {
  it("normalises the e-mail address and keeps the password as typed", () => {
    expect(SignInSchema.parse({ email: "  Ada@Hospital.Example ", password: " pass word " })).toEqual({ email: "ada@hospital.example", password: " pass word " });
  });

  it("refuses a missing password, a non-address and an overlong password on their fields", () => {
    const paths = (input: object) => SignInSchema.safeParse(input).error?.issues.map((issue) => issue.path.join("."));
    expect(paths({ email: "ada@hospital.example", password: "" })).toEqual(["password"]);
    expect(paths({ email: "ada", password: "x" })).toEqual(["email"]);
    expect(paths({ email: "ada@hospital.example", password: "x".repeat(201) })).toEqual(["password"]);
  });
});
