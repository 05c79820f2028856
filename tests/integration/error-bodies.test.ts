import { signedInAs } from '../helpers/auth';
import { countRows, useTestDatabase } from '../helpers/database';
import { expectProblem } from '../helpers/http';

useTestDatabase();

describe('error bodies are bounded', () => {
  test('when a body has 5,000 unknown fields, responds 400 with 20 errors, errors_omitted 4980 and a reply under 5 kB', async () => {
    const admin = await signedInAs('admin');
    const body: Record<string, unknown> = { category_name: 'Hats' };
    for (let i = 0; i < 5000; i++) body[`unknown_${i}`] = 1;

    const response = await admin.post('/api/categories').send(body);

    const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(problem.errors).toHaveLength(20);
    expect(problem.errors?.[0]).toEqual({ pointer: '#/unknown_0', detail: 'unknown field' });
    expect(response.body.errors_omitted).toBe(4980);
    expect(Buffer.byteLength(response.text)).toBeLessThan(5_000);
    expect(await countRows('category')).toBe(0);
  });

  test('when a body has a few invalid fields, lists them all and omits nothing', async () => {
    const admin = await signedInAs('admin');
    const response = await admin.post('/api/products').send({ price: -1, stock: 'x', colour: 'red' });
    const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(problem.errors?.length).toBeGreaterThanOrEqual(3);
    expect(response.body).not.toHaveProperty('errors_omitted');
  });
});
