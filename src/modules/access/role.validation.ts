import { z } from 'zod';

const roleName = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/i, 'must be 1–100 letters, digits, ".", "_" or "-", starting with a letter or digit');
const permissionNames = z
  .array(z.string().max(100, 'must be at most 100 characters'))
  .max(500, 'must list at most 500 permissions');

export const createRoleSchema = z.object({
  name: roleName,
  description: z.string().max(255, 'must be at most 255 characters').nullish(),
  permissions: permissionNames.nullish(),
});

export const updateRoleSchema = z.object({
  name: roleName.optional(),
  description: z.string().max(255, 'must be at most 255 characters').nullish(),
  permissions: permissionNames.optional(),
});

export type CreateRoleInput = z.input<typeof createRoleSchema>;
export type UpdateRoleInput = z.input<typeof updateRoleSchema>;
