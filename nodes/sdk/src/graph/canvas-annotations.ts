import { z } from 'zod';

/**
 * Sticky notes and groups: what a person writes on the canvas beside the pipeline. Stored,
 * exported and imported with the graph, never read by a run. The text comes from whoever wrote the
 * file, so the editor shows it as text, never as HTML; the limits keep a hostile file small.
 */
export const ANNOTATION_LIMITS = { notes: 200, groups: 100, noteText: 5000, groupLabel: 200, extent: 20_000 } as const;

const annotationId = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must start with a letter and hold only letters, digits, "_" and "-"');

const place = z.strictObject({ x: z.number().finite(), y: z.number().finite() });
const size = z.strictObject({
  width: z.number().finite().min(40).max(ANNOTATION_LIMITS.extent),
  height: z.number().finite().min(30).max(ANNOTATION_LIMITS.extent),
});

/** The colours a note or a group may take: names, not CSS, so a file cannot inject a style. */
export const ANNOTATION_COLORS = ['yellow', 'blue', 'green', 'pink', 'grey'] as const;

export const stickyNoteSchema = z.strictObject({
  text: z.string().max(ANNOTATION_LIMITS.noteText, `must be at most ${ANNOTATION_LIMITS.noteText} characters`),
  position: place,
  size: size.optional(),
  color: z.enum(ANNOTATION_COLORS).optional(),
});

/** A labelled frame; the nodes inside its rectangle belong to it and move with it in the editor. */
export const nodeGroupSchema = z.strictObject({
  label: z.string().max(ANNOTATION_LIMITS.groupLabel, `must be at most ${ANNOTATION_LIMITS.groupLabel} characters`),
  position: place,
  size,
  color: z.enum(ANNOTATION_COLORS).optional(),
});

export const canvasAnnotationsSchema = z.strictObject({
  notes: z
    .record(annotationId, stickyNoteSchema)
    .refine((r) => Object.keys(r).length <= ANNOTATION_LIMITS.notes, `at most ${ANNOTATION_LIMITS.notes} notes`)
    .optional(),
  groups: z
    .record(annotationId, nodeGroupSchema)
    .refine((r) => Object.keys(r).length <= ANNOTATION_LIMITS.groups, `at most ${ANNOTATION_LIMITS.groups} groups`)
    .optional(),
});

export type StickyNote = z.infer<typeof stickyNoteSchema>;
export type NodeGroup = z.infer<typeof nodeGroupSchema>;
export type CanvasAnnotations = z.infer<typeof canvasAnnotationsSchema>;
export type AnnotationColor = (typeof ANNOTATION_COLORS)[number];
