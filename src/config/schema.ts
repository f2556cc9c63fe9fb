import { z } from 'zod';
import { LEVELS } from '../protocol/level.js';
import { MAX_BUFFER_CAPACITY } from '../services/collector/log-buffer.js';
import { compileTextPattern } from '../query/text-pattern.js';

const NAMED = [
  'black',
  'red',
  'green',
  'yellow',
  'blue',
  'magenta',
  'cyan',
  'white',
  'gray',
  'brightRed',
  'brightGreen',
  'brightYellow',
  'brightBlue',
  'brightMagenta',
  'brightCyan',
  'brightWhite',
] as const;

/** A colour: a name, a 256-colour index or #rrggbb. */
export const colorSchema = z.union([
  z.enum(NAMED),
  z.number().int().min(0).max(255),
  z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour name, 0-255 or "#rrggbb"'),
]);

/** A style: just a colour, or a table of colour and attributes. */
export const styleSchema = z.union([
  colorSchema,
  z
    .object({
      fg: colorSchema.optional(),
      bg: colorSchema.optional(),
      bold: z.boolean().optional(),
      dim: z.boolean().optional(),
      italic: z.boolean().optional(),
      underline: z.boolean().optional(),
      reverse: z.boolean().optional(),
    })
    .strict(),
]);

const levelColors = z
  .object(
    Object.fromEntries(LEVELS.map((l) => [l, styleSchema.optional()])) as Record<
      (typeof LEVELS)[number],
      z.ZodOptional<typeof styleSchema>
    >,
  )
  .strict();

/** The config file: colours, highlight rules, key rebinding and default options. */
export const configSchema = z
  .object({
    colors: z
      .object({
        levels: levelColors.optional(),
        services: z.record(z.string(), styleSchema).optional(),
      })
      .strict()
      .optional(),
    highlight: z
      .array(
        z
          .object({
            // Checked here so that a pattern no engine can run safely is refused with its line.
            pattern: z
              .string()
              .min(1)
              .superRefine((pattern, ctx) => {
                const compiled = compileTextPattern(pattern);
                if (!compiled.ok) ctx.addIssue({ code: 'custom', message: `"${pattern}": ${compiled.error}` });
              }),
            style: styleSchema,
          })
          .strict(),
      )
      .optional(),
    keys: z.record(z.string(), z.array(z.string().min(1)).min(1)).optional(),
    defaults: z
      .object({
        redis: z
          .string()
          .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
          .optional(),
        buffer: z
          .number()
          .int('expected a whole number of logs')
          .min(1, 'expected at least 1 log')
          .max(MAX_BUFFER_CAPACITY, `expected at most ${MAX_BUFFER_CAPACITY} logs`)
          .optional(),
        order: z.enum(['newest-first', 'oldest-first']).optional(),
        mouse: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The validated config file. */
export type ConfigFile = z.infer<typeof configSchema>;
/** A style as the config file writes it. */
export type ConfigStyle = z.infer<typeof styleSchema>;
