import { z } from 'zod';

const count = (flag: string) =>
  z
    .string({ message: `${flag} needs a number` })
    .regex(/^\d+$/, `${flag} must be a whole number`)
    .transform(Number)
    .refine((n) => n <= 10_000_000, `${flag} must be at most 10000000`);

/** Pure: `--products N --customers N --orders N` (also --products=N); anything else is an error naming it. */
export function parseSeedArgs(argv: string[]): { products: number; customers: number; orders: number } {
  const values: Record<string, string | undefined> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const match = /^--(products|customers|orders)(?:=(.*))?$/.exec(arg);
    if (match === null)
      throw new Error(`Unknown argument ${arg}: use --products N, --customers N, --orders N`);
    const name = match[1] ?? '';
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a number, such as --${name} 100000`);
    values[name] = value;
  }
  const parse = (name: string) => {
    const raw = values[name];
    if (raw === undefined) return 0;
    const result = count(`--${name}`).safeParse(raw);
    if (!result.success) throw new Error(result.error.issues[0]?.message ?? `--${name} is invalid`);
    return result.data;
  };
  return { products: parse('products'), customers: parse('customers'), orders: parse('orders') };
}
