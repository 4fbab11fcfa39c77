import fs, { readFile as rf, type Stat } from 'fs';
import * as path from "node:path";
export { a, b as c } from './x';
export * from './y';
const { promisify } = require('util');
const re = /ab+c/g, d = x / y / z;
export async function save<T extends object>(user: T, opts?: { retries: number }): Promise<void> {
  const data = await fs.promises.readFile(`${dir}/${name(`x${y}`)}`);
  fetchUser(user.id).then(u => console.log(u)).catch(() => {});
  saveAll();
  if (!user) return;
  for (const [k, v] of Object.entries(user)) { k?.trim(); }
  try { JSON.parse(data) } catch (e) { throw new Error("not implemented") } finally { done() }
  let x = a < b, y = c > d;
  const m = new Map<string, number>();
  foo<string>(1)
  const f = async (a: number, b = 2): Promise<number> => a + b
  return items.map((i) => i * 2);
}
interface Repo { find(id: string): Promise<User>; }
abstract class Store<T> extends Base implements Repo {
  private cache = new Map();
  constructor(private readonly db: Db) { super(); }
  abstract load(): void;
  async get(id: string) { return this.#x?.find(id); }
  static create(): Store<any>;
}
module.exports = { save, load: loadIt };
exports.helper = function () {};
