import type { FieldRule, Label, StreamConfig } from '../manifests/engine';
import type { Capability, CatalogueKind, Domain } from '../enums';

// A waste stream is one StreamDefinition: everything that differs from one stream to the next, as
// data. The registry (index.ts) is the only list of streams; the ledger, declarations, manifests,
// alarms, rounds, supervision, visibility, the rule pages and the console read it. What data cannot
// say lives in one server hook file per stream (src/server/<area>/manifest-hooks.ts).

/** A department that regulates the stream, optionally only the codes starting with a prefix (the health commission: 841-, medical waste). */
export interface Regulator {
  domain: Domain; codePrefix?: string;
  /** The ledger category those codes fall in (waste_category(): 841-… is HW01), where it narrows the stream's. */
  categoryPrefix?: string;
}

/** What a declaration of the stream covers and when its periods close. */
export interface DeclarationRule {
  /** A month or quarter closes this many days after it ends, read from this regional setting; a year closes on 31 March. Null: periods never close. */
  closingSetting: string | null;
  /** Who is expected to declare: companies with any of these capabilities. */
  declarants: Capability[];
  /** Only companies of an industrial trade declare (not hospitals, garages, schools …: NON_INDUSTRIAL_TRADES). */
  industrialOnly?: boolean;
  /** Declared monthly with the platform's Excel sheet (一般工业固体废物月度申报). */
  sheet?: boolean;
  /** Its declarations make the area's 申报登记率 (share of producers that declared, by industry). */
  registrationRate?: boolean;
}

/** A value a batch of the stream carries beyond the common columns (a sludge's moisture content), checked by its kind like a manifest field. */
export type BatchField = Pick<FieldRule, 'field' | 'label' | 'kind' | 'options' | 'pattern' | 'range'> & { required: boolean };

export interface StreamDefinition {
  key: string;
  label: Label;
  /** The catalogue its codes come from, and the shape of a code. */
  catalogue: CatalogueKind;
  codePattern: RegExp;
  /** A code to show in messages and placeholders. */
  codeExample: string;
  /** How its ledger categories begin (waste_category(): HW08, SW02, CW01 …), as the monthly sums keep them. */
  categoryPrefix: string;
  /** How the batch numbers of its store begin (危废 HWCS…, 一般工业 GFCS…); null where nothing is kept in store. */
  batchPrefix: string | null;
  /** Who records batches of it and sends them on manifests: companies with any of these capabilities. */
  producers: Capability[];
  /** What a batch of it records beyond the common columns, kept in the batch's attributes. */
  batchFields: BatchField[];
  /** Batches may be bulk (an ash yard, a slag heap) with no container volume; otherwise the volume sizes the label (HJ 1276). */
  bulkStore: boolean;
  /** Who regulates it, besides the zero-waste office and a general department, which see every stream. */
  regulators: Regulator[];
  /** The manifest's rule table, steps, tolerance and deadlines. */
  manifest: StreamConfig;
  /**
   * Who may take a load: a company licensed for the code with capacity left (危险废物经营许可证), any
   * verified receiver or recycler, or the operator of a site of the project's approved plan.
   */
  receivers: 'licensed' | 'verified' | 'sites';
  /**
   * Where a load comes from: batches out of the producer's store, a project (a truckload of a
   * construction site), or a pickup under the producer's registered collection contract (kitchen waste:
   * a restaurant keeps no store).
   */
  loadSource: 'batches' | 'project' | 'contract'
    /** A death report filed by a farm or a town station (病死畜禽): one pickup of the animals it names. */
    | 'report'
    /** A hand-over from a farm of the livestock register (畜禽粪污: the farm's species and head count, no store). */
    | 'farm';
  /** Periodic declarations (申报) of the stream, or null. */
  declaration: DeclarationRule | null;
  /** Audit entity types that belong to this stream (records that keep no stream of their own). */
  auditEntities: string[];
  /**
   * The alarm rules that watch the stream's records (keys of src/server/alarms/rules): the scan runs
   * a rule only over the streams that list it, and a rule no stream or register area lists does not run.
   */
  alarms: readonly string[];
}
