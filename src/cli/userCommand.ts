/**
 * `rapport user add --email … --role owner|admin|staff|marketing [--name …] [--business ID]`: the
 * password comes from stdin (first line) or, on a terminal, from a prompt that does not echo it.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { AuthService, UserError } from "../adapters/auth/AuthService.ts";
import type { Database } from "../adapters/db/database.ts";
import { loadConfig } from "../app/config.ts";
import { openRapportDatabase } from "../app/openRapportDatabase.ts";
import { ROLES, type Role } from "../domain/access/RolePermissions.ts";

export interface UserCommandIo {
  readPassword(prompt: string): Promise<string>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** The command on an open database: 0 on success, 2 on a usage or validation error. */
export async function runUserCommand(db: Database, args: string[], io: UserCommandIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "add") {
    io.stderr.write('rapport user: the only subcommand is "add"\n');
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      business: { type: "string" },
    },
  });
  if (!values.email || !values.role) {
    io.stderr.write("rapport user add: --email and --role are required\n");
    return 2;
  }
  if (!z.email().safeParse(values.email.trim()).success) {
    io.stderr.write(`rapport user add: --email must be an email address\n`);
    return 2;
  }
  if (!(ROLES as readonly string[]).includes(values.role)) {
    io.stderr.write(`rapport user add: --role must be one of ${ROLES.join(", ")}\n`);
    return 2;
  }
  const auth = new AuthService({ db });
  try {
    const businessId = await auth.resolveBusiness(values.business);
    const password = await io.readPassword(`Password for ${values.email}: `);
    const user = await auth.addUser({
      businessId,
      email: values.email,
      displayName: values.name ?? null,
      role: values.role as Role,
      password,
    });
    io.stdout.write(`Added ${user.role} ${user.email} (${user.id}) to business ${user.businessId}.\n`);
    return 0;
  } catch (error) {
    if (error instanceof UserError) {
      io.stderr.write(`rapport user add: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

export async function runUser(args: string[]): Promise<number> {
  const config = loadConfig();
  const { opened } = await openRapportDatabase(config);
  try {
    return await runUserCommand(opened.db, args, {
      readPassword,
      stdout: process.stdout,
      stderr: process.stderr,
    });
  } finally {
    await opened.close();
  }
}

/** The first line of stdin, or a typed line that is not echoed when stdin is a terminal. */
async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = "";
    for await (const chunk of stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? "";
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  return new Promise((resolve, reject) => {
    let typed = "";
    const done = (result: string | Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") return done(typed);
        if (char === "\u0003") return done(new UserError("cancelled"));
        if (char === "\u007f" || char === "\b") typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.on("data", onData);
  });
}
