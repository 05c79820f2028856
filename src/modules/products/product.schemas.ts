import { z } from 'zod';
import { money, timestamp } from '../../shared/openapi';
import { paginationQuery } from '../../shared/pagination';
import { MAX_STOCK } from '../inventory';
import {
  booleanString,
  countNumber,
  idNumber,
  idString,
  moneyNumber,
  moneyString,
  nameString,
} from '../../shared/validation';

/**
 * The product responses, defined once: the TypeScript types are inferred from these schemas, the OpenAPI
 * components are generated from them, and the SQL column lists are read off their keys.
 */

/** A product row as every product read selects it. */
const productRowSchema = z.strictObject({
  id: z.number().int(),
  product_name: z.string(),
  price: money.openapi({ example: 14.99 }),
  stock: z.number().int(),
  category_id: z.number().int().nullable(),
  low_stock_threshold: z.number().int(),
  restock_quantity: z.number().int(),
  sku: z.string().nullable().openapi({ description: "The shop's stock-keeping code, unique when set" }),
});
export type ProductRow = z.infer<typeof productRowSchema>;
export const PRODUCT_COLUMNS = Object.keys(productRowSchema.shape) as Array<keyof ProductRow>;

export const categoryRefSchema = z
  .strictObject({ id: z.number().int(), category_name: z.string() })
  .openapi('CategoryRef');
export type CategoryRef = z.infer<typeof categoryRefSchema>;
export const tagRefSchema = z.strictObject({ id: z.number().int(), tag_name: z.string() }).openapi('TagRef');
export type TagRef = z.infer<typeof tagRefSchema>;

export const productSchema = productRowSchema
  .extend({
    sale_price: money.nullable().openapi({
      description:
        'What the product sells for now when a sale covers it (the lowest of `price` and every running sale), else null',
    }),
    sale_ends_at: timestamp.nullable().openapi({ description: 'When the sale giving `sale_price` ends' }),
    category: z.union([categoryRefSchema, z.null()]),
    tags: z.array(tagRefSchema),
  })
  .openapi('Product');
export type ProductDto = z.infer<typeof productSchema>;

/** The plain product a category or a tag embeds: the assignment's own columns. */
export const embeddedProductSchema = productRowSchema
  .pick({ id: true, product_name: true, price: true, stock: true, category_id: true })
  .openapi('EmbeddedProduct');
export type EmbeddedProduct = z.infer<typeof embeddedProductSchema>;
export const EMBEDDED_PRODUCT_COLUMNS = Object.keys(embeddedProductSchema.shape) as Array<
  keyof EmbeddedProduct
>;

export const MAX_RESTOCK_QUANTITY = 1_000_000;
export const MAX_TAGS_PER_PRODUCT = 100;

/** A stock-keeping code: letters, digits and . _ - /, up to 64 characters; unique ignoring case. */
export const skuString = z
  .string({ message: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9._\-/]*$/, 'may hold only letters, digits, ".", "_", "-" and "/"');

const productFields = {
  product_name: nameString(255),
  price: moneyNumber,
  stock: countNumber(MAX_STOCK),
  category_id: idNumber.nullable(),
  tagIds: z.array(idNumber).max(MAX_TAGS_PER_PRODUCT, `must have at most ${MAX_TAGS_PER_PRODUCT} tags`),
  low_stock_threshold: countNumber(MAX_STOCK),
  restock_quantity: countNumber(MAX_RESTOCK_QUANTITY),
  sku: skuString.nullable(),
};

export const createProductBody = z.strictObject({
  product_name: productFields.product_name,
  price: productFields.price,
  stock: productFields.stock.optional(),
  category_id: productFields.category_id.optional(),
  tagIds: productFields.tagIds.optional(),
  low_stock_threshold: productFields.low_stock_threshold.optional(),
  restock_quantity: productFields.restock_quantity.optional(),
  sku: productFields.sku.optional(),
});
export type CreateProductBody = z.infer<typeof createProductBody>;

export const updateProductBody = createProductBody
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'send at least one field to change');
export type UpdateProductBody = z.infer<typeof updateProductBody>;

export const PRODUCT_SORTS = [
  'id',
  '-id',
  'product_name',
  '-product_name',
  'price',
  '-price',
  'stock',
  '-stock',
] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export const listProductsQuery = z
  .strictObject({
    ...paginationQuery,
    category_id: idString.optional(),
    tag_id: idString.optional(),
    min_price: moneyString.optional(),
    max_price: moneyString.optional(),
    in_stock: booleanString.optional(),
    on_sale: booleanString
      .optional()
      .describe('true: only products a sale covers right now; false: only those it does not'),
    sku: skuString.optional().describe('The product with this stock-keeping code (exact, ignoring case)'),
    q: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .optional()
      .describe('Words the name contains, each matched as a word prefix ("cot shi" finds "Cotton Shirt")'),
    sort: z.enum(PRODUCT_SORTS, { message: `must be one of ${PRODUCT_SORTS.join(', ')}` }).default('id'),
    after_id: idString
      .optional()
      .describe('Keyset pagination: the products after this id (sort=id) or before it (sort=-id)'),
  })
  .refine(
    (query) =>
      query.min_price === undefined || query.max_price === undefined || query.min_price <= query.max_price,
    {
      message: 'must not be below min_price',
      path: ['max_price'],
    },
  )
  .refine((query) => query.after_id === undefined || query.sort === 'id' || query.sort === '-id', {
    message: 'after_id works with sort=id or sort=-id; use page for other sorts',
    path: ['after_id'],
  })
  .refine((query) => query.after_id === undefined || query.page === 1, {
    message: 'use page or after_id, not both',
    path: ['page'],
  });
export type ListProductsQuery = z.infer<typeof listProductsQuery>;
