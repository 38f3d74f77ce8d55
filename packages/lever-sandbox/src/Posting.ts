/**
 * Job postings, as `GET /postings` returns them, and the applications that tie a candidate to one
 * (`GET /opportunities/:id?expand=applications`).
 *
 * @since 0.2.0
 */
import { Schema } from "effect"

/**
 * A posting's state in Lever.
 *
 * @since 0.2.0
 */
export const PostingState = Schema.Literals(["published", "internal", "closed", "draft", "pending", "rejected"])

/** The type {@link PostingState} decodes to. @since 0.2.0 */
export type PostingState = typeof PostingState.Type

/**
 * How Lever files a posting: team, department, location, commitment and level (each may be absent).
 *
 * @since 0.2.0
 */
export const Categories = Schema.Struct({
  team: Schema.NullOr(Schema.String),
  department: Schema.NullOr(Schema.String),
  location: Schema.NullOr(Schema.String),
  commitment: Schema.NullOr(Schema.String),
  level: Schema.NullOr(Schema.String)
})

/**
 * A job posting as the API returns it. Times are epoch milliseconds.
 *
 * @since 0.2.0
 */
export const Posting = Schema.Struct({
  id: Schema.String,
  text: Schema.String,
  state: PostingState,
  categories: Categories,
  tags: Schema.Array(Schema.String),
  createdAt: Schema.Number,
  updatedAt: Schema.Number,
  urls: Schema.Struct({ list: Schema.String, show: Schema.String, apply: Schema.String })
})

/** The type {@link Posting} decodes to. @since 0.2.0 */
export type Posting = typeof Posting.Type

/**
 * A posting as stored (its `urls` are derived when served).
 *
 * @since 0.2.0
 */
export type PostingRecord = Omit<Posting, "urls">

/**
 * A posting to add (control API): everything but the title is optional; the state defaults to
 * `published`.
 *
 * @since 0.2.0
 */
export const CreatePosting = Schema.Struct({
  id: Schema.optionalKey(Schema.NonEmptyString),
  text: Schema.NonEmptyString,
  state: Schema.optionalKey(PostingState),
  team: Schema.optionalKey(Schema.String),
  department: Schema.optionalKey(Schema.String),
  location: Schema.optionalKey(Schema.String),
  commitment: Schema.optionalKey(Schema.String),
  level: Schema.optionalKey(Schema.String),
  tags: Schema.optionalKey(Schema.Array(Schema.String))
})

/** The type {@link CreatePosting} decodes to. @since 0.2.0 */
export type CreatePosting = typeof CreatePosting.Type

/**
 * The filter of `GET /postings`: `?state=` (repeatable; any of them).
 *
 * @since 0.2.0
 */
export const PostingsQuery = Schema.Struct({ state: Schema.optionalKey(PostingState) })

/**
 * An application, as `?expand=applications` serves it: `posting` is the posting's id, or `null` for a
 * candidate added without one (`type: "user"`, sourced by a recruiter).
 *
 * @since 0.2.0
 */
export const Application = Schema.Struct({
  id: Schema.String,
  type: Schema.Literals(["posting", "user", "referral"]),
  candidateId: Schema.String,
  opportunityId: Schema.String,
  posting: Schema.NullOr(Schema.String),
  postingHiringManager: Schema.NullOr(Schema.String),
  postingOwner: Schema.NullOr(Schema.String),
  createdAt: Schema.Number
})

/** The type {@link Application} decodes to. @since 0.2.0 */
export type Application = typeof Application.Type

/**
 * Serves a stored posting with its public URLs.
 *
 * @since 0.2.0
 */
export const toPosting = (record: PostingRecord, webUrl: string): Posting => ({
  ...record,
  categories: { ...record.categories },
  tags: [...record.tags],
  urls: {
    list: `${webUrl}/jobs`,
    show: `${webUrl}/jobs/${record.id}`,
    apply: `${webUrl}/jobs/${record.id}/apply`
  }
})
