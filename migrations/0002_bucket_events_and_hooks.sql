CREATE TABLE `bucket_event_runs` (
	`event_id` integer NOT NULL,
	`graph_id` text NOT NULL,
	`run_id` text NOT NULL,
	PRIMARY KEY(`event_id`, `graph_id`),
	FOREIGN KEY (`event_id`) REFERENCES `bucket_events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `bucket_event_runs_graph_idx` ON `bucket_event_runs` (`graph_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `bucket_event_runs_run_idx` ON `bucket_event_runs` (`run_id`);--> statement-breakpoint
CREATE TABLE `bucket_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text NOT NULL,
	`received_at` integer NOT NULL,
	`source` text,
	`event_name` text,
	`bucket` text,
	`key` text,
	`size` integer,
	`etag` text,
	`version_id` text,
	`sequencer` text,
	`event_time` text,
	`dedupe_key` text,
	`duplicate_of` integer,
	`status` text NOT NULL,
	`reason` text,
	`http_status` integer NOT NULL,
	`remote` text,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bucket_events_dedupe_idx` ON `bucket_events` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `bucket_events_status_idx` ON `bucket_events` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `bucket_events_bucket_idx` ON `bucket_events` (`bucket`,`id`);--> statement-breakpoint
CREATE TABLE `hook_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`received_at` integer NOT NULL,
	`path` text NOT NULL,
	`graph_id` text,
	`status` text NOT NULL,
	`http_status` integer NOT NULL,
	`reason` text,
	`run_id` text,
	`signature` text,
	`remote` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `hook_requests_signature_idx` ON `hook_requests` (`signature`);--> statement-breakpoint
CREATE INDEX `hook_requests_graph_idx` ON `hook_requests` (`graph_id`,`id`);