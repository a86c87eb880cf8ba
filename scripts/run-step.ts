// Runs one step of a multi-step script as a child process, failing loudly with its name.
import { spawn, type SpawnOptions } from "node:child_process";

export function runStep(label: string, command: string, args: string[], options: SpawnOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", ...options });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${label} failed (${signal ? `signal ${signal}` : `exit code ${code}`})`));
    });
  });
}

export const NEXT = "node_modules/.bin/next";
