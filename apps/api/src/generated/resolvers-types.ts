import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { SuiteParent, TaskParent, ModelParent, ResultParent, LeaderboardParent, LeaderboardRowParent } from '../mappers';
import { ApiContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** Any JSON value (protocol parameters, provenance). */
  JSON: { input: unknown; output: unknown; }
};

export type Aggregate =
  /** Per-category mean of task scores, then the mean over categories (higher is better). */
  | 'MEAN'
  /** Per-category mean of per-task ranks, then the mean over categories (lower is better). */
  | 'MEAN_RANK';

export type CategoryScore = {
  __typename?: 'CategoryScore';
  category: TaskCategory;
  rank: Maybe<Scalars['Int']['output']>;
  score: Maybe<Scalars['Float']['output']>;
  tasks: Scalars['Int']['output'];
  tasksWithResults: Scalars['Int']['output'];
};

export type Completeness = {
  __typename?: 'Completeness';
  tasks: Scalars['Int']['output'];
  tasksWithResults: Scalars['Int']['output'];
};

export type Leaderboard = {
  __typename?: 'Leaderboard';
  aggregate: Aggregate;
  category: Maybe<TaskCategory>;
  rows: Array<LeaderboardRow>;
  source: Maybe<ResultSource>;
  suite: Suite;
  /** The tasks the rows' cells follow, in suite order. */
  tasks: Array<Task>;
};

export type LeaderboardCell = {
  __typename?: 'LeaderboardCell';
  ciHigh: Maybe<Scalars['Float']['output']>;
  ciLow: Maybe<Scalars['Float']['output']>;
  protocolId: Maybe<Scalars['String']['output']>;
  taskSlug: Scalars['String']['output'];
  value: Maybe<Scalars['Float']['output']>;
};

export type LeaderboardRow = {
  __typename?: 'LeaderboardRow';
  categoryScores: Array<CategoryScore>;
  /** One cell per task of `tasks`, in the same order; value null where there is no result. */
  cells: Array<LeaderboardCell>;
  completeness: Completeness;
  model: Model;
  /** Competition rank (ties share the best position); null until the row has every task. */
  rank: Maybe<Scalars['Int']['output']>;
  score: Maybe<Scalars['Float']['output']>;
  source: ResultSource;
};

export type Model = {
  __typename?: 'Model';
  architecture: Maybe<Scalars['String']['output']>;
  checkpointNotes: Maybe<Scalars['String']['output']>;
  checkpointUrl: Maybe<Scalars['String']['output']>;
  codeUrl: Maybe<Scalars['String']['output']>;
  description: Maybe<Scalars['String']['output']>;
  family: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  imagenetTop1: Maybe<Scalars['Float']['output']>;
  license: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  normalization: Scalars['String']['output'];
  onnxSha256: Maybe<Scalars['String']['output']>;
  paperUrl: Maybe<Scalars['String']['output']>;
  properties: Array<ModelProperty>;
  /** Results of this model: all of them, or those of one suite / task / source. */
  results: Array<Result>;
  slug: Scalars['String']['output'];
  source: ModelSource;
};


export type ModelResultsArgs = {
  source?: InputMaybe<ResultSource>;
  suite?: InputMaybe<Scalars['String']['input']>;
  task?: InputMaybe<Scalars['String']['input']>;
};

export type ModelConnection = {
  __typename?: 'ModelConnection';
  edges: Array<ModelEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ModelEdge = {
  __typename?: 'ModelEdge';
  cursor: Scalars['String']['output'];
  node: Model;
};

export type ModelFilter = {
  family?: InputMaybe<Scalars['String']['input']>;
  /** Case-insensitive substring of the name or slug. */
  search?: InputMaybe<Scalars['String']['input']>;
  source?: InputMaybe<ModelSource>;
};

export type ModelProperty = {
  __typename?: 'ModelProperty';
  key: Scalars['String']['output'];
  source: Scalars['String']['output'];
  value: Scalars['JSON']['output'];
};

export type ModelSource =
  | 'PAPER'
  | 'SUBMISSION';

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Protocol = {
  __typename?: 'Protocol';
  description: Scalars['String']['output'];
  id: Scalars['String']['output'];
  params: Scalars['JSON']['output'];
  version: Scalars['Int']['output'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * Models ranked on a suite. Each row is one model's results from one source: a paper model that
   * was also re-measured appears once as REPORTED and once as MEASURED, never mixed.
   */
  leaderboard: Leaderboard;
  model: Maybe<Model>;
  /** Models ordered by slug, cursor-paginated (first ≤ 100). */
  models: ModelConnection;
  /** A suite by slug; an unknown slug is a NOT_FOUND error. */
  suite: Maybe<Suite>;
  suites: Array<Suite>;
  task: Maybe<Task>;
  /** Tasks, optionally of one suite and/or category. */
  tasks: Array<Task>;
};


export type QueryLeaderboardArgs = {
  aggregate?: InputMaybe<Aggregate>;
  category?: InputMaybe<TaskCategory>;
  source?: InputMaybe<ResultSource>;
  suite: Scalars['String']['input'];
};


export type QueryModelArgs = {
  slug: Scalars['String']['input'];
};


export type QueryModelsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ModelFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QuerySuiteArgs = {
  slug: Scalars['String']['input'];
};


export type QueryTaskArgs = {
  slug: Scalars['String']['input'];
};


export type QueryTasksArgs = {
  category?: InputMaybe<TaskCategory>;
  suite?: InputMaybe<Scalars['String']['input']>;
};

export type Result = {
  __typename?: 'Result';
  ciHigh: Maybe<Scalars['Float']['output']>;
  ciLow: Maybe<Scalars['Float']['output']>;
  metric: Scalars['String']['output'];
  protocolId: Scalars['String']['output'];
  protocolVersion: Scalars['Int']['output'];
  provenance: Scalars['JSON']['output'];
  source: ResultSource;
  task: Task;
  value: Scalars['Float']['output'];
};

export type ResultSource =
  /** Computed by a Transferboard runner (job, versions and provider are in the provenance). */
  | 'MEASURED'
  /** Published in the paper (the table is in the provenance). */
  | 'REPORTED';

export type Suite = {
  __typename?: 'Suite';
  description: Scalars['String']['output'];
  slug: Scalars['String']['output'];
  tasks: Array<Task>;
  title: Scalars['String']['output'];
  version: Scalars['Int']['output'];
};


export type SuiteTasksArgs = {
  category?: InputMaybe<TaskCategory>;
};

export type Task = {
  __typename?: 'Task';
  category: TaskCategory;
  dataset: Scalars['String']['output'];
  higherIsBetter: Scalars['Boolean']['output'];
  numClasses: Scalars['Int']['output'];
  /** What the paper did for its reported numbers. */
  paperProtocol: Protocol;
  primaryMetric: Scalars['String']['output'];
  /** What the Transferboard runner computes; null where it cannot measure the task. */
  protocol: Maybe<Protocol>;
  secondaryMetrics: Array<Scalars['String']['output']>;
  slug: Scalars['String']['output'];
  title: Scalars['String']['output'];
  version: Scalars['Int']['output'];
};

export type TaskCategory =
  | 'DENSE'
  | 'DETECTION'
  | 'FEW_SHOT'
  | 'FINETUNE'
  | 'LINEAR';

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Aggregate: Aggregate;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CategoryScore: ResolverTypeWrapper<CategoryScore>;
  Completeness: ResolverTypeWrapper<Completeness>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Leaderboard: ResolverTypeWrapper<LeaderboardParent>;
  LeaderboardCell: ResolverTypeWrapper<LeaderboardCell>;
  LeaderboardRow: ResolverTypeWrapper<LeaderboardRowParent>;
  Model: ResolverTypeWrapper<ModelParent>;
  ModelConnection: ResolverTypeWrapper<Omit<ModelConnection, 'edges'> & { edges: Array<ResolversTypes['ModelEdge']> }>;
  ModelEdge: ResolverTypeWrapper<Omit<ModelEdge, 'node'> & { node: ResolversTypes['Model'] }>;
  ModelFilter: ModelFilter;
  ModelProperty: ResolverTypeWrapper<ModelProperty>;
  ModelSource: ModelSource;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Protocol: ResolverTypeWrapper<Protocol>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Result: ResolverTypeWrapper<ResultParent>;
  ResultSource: ResultSource;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Suite: ResolverTypeWrapper<SuiteParent>;
  Task: ResolverTypeWrapper<TaskParent>;
  TaskCategory: TaskCategory;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Boolean: Scalars['Boolean']['output'];
  CategoryScore: CategoryScore;
  Completeness: Completeness;
  Float: Scalars['Float']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  JSON: Scalars['JSON']['output'];
  Leaderboard: LeaderboardParent;
  LeaderboardCell: LeaderboardCell;
  LeaderboardRow: LeaderboardRowParent;
  Model: ModelParent;
  ModelConnection: Omit<ModelConnection, 'edges'> & { edges: Array<ResolversParentTypes['ModelEdge']> };
  ModelEdge: Omit<ModelEdge, 'node'> & { node: ResolversParentTypes['Model'] };
  ModelFilter: ModelFilter;
  ModelProperty: ModelProperty;
  PageInfo: PageInfo;
  Protocol: Protocol;
  Query: Record<PropertyKey, never>;
  Result: ResultParent;
  String: Scalars['String']['output'];
  Suite: SuiteParent;
  Task: TaskParent;
}>;

export type CategoryScoreResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['CategoryScore'] = ResolversParentTypes['CategoryScore']> = ResolversObject<{
  category?: Resolver<ResolversTypes['TaskCategory'], ParentType, ContextType>;
  rank?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  score?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  tasks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tasksWithResults?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type CompletenessResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Completeness'] = ResolversParentTypes['Completeness']> = ResolversObject<{
  tasks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tasksWithResults?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type LeaderboardResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Leaderboard'] = ResolversParentTypes['Leaderboard']> = ResolversObject<{
  aggregate?: Resolver<ResolversTypes['Aggregate'], ParentType, ContextType>;
  category?: Resolver<Maybe<ResolversTypes['TaskCategory']>, ParentType, ContextType>;
  rows?: Resolver<Array<ResolversTypes['LeaderboardRow']>, ParentType, ContextType>;
  source?: Resolver<Maybe<ResolversTypes['ResultSource']>, ParentType, ContextType>;
  suite?: Resolver<ResolversTypes['Suite'], ParentType, ContextType>;
  tasks?: Resolver<Array<ResolversTypes['Task']>, ParentType, ContextType>;
}>;

export type LeaderboardCellResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['LeaderboardCell'] = ResolversParentTypes['LeaderboardCell']> = ResolversObject<{
  ciHigh?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  ciLow?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  protocolId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  taskSlug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
}>;

export type LeaderboardRowResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['LeaderboardRow'] = ResolversParentTypes['LeaderboardRow']> = ResolversObject<{
  categoryScores?: Resolver<Array<ResolversTypes['CategoryScore']>, ParentType, ContextType>;
  cells?: Resolver<Array<ResolversTypes['LeaderboardCell']>, ParentType, ContextType>;
  completeness?: Resolver<ResolversTypes['Completeness'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  rank?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  score?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['ResultSource'], ParentType, ContextType>;
}>;

export type ModelResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Model'] = ResolversParentTypes['Model']> = ResolversObject<{
  architecture?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  checkpointNotes?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  checkpointUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  codeUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  family?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imagenetTop1?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  license?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  normalization?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  onnxSha256?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  paperUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  properties?: Resolver<Array<ResolversTypes['ModelProperty']>, ParentType, ContextType>;
  results?: Resolver<Array<ResolversTypes['Result']>, ParentType, ContextType, Partial<ModelResultsArgs>>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['ModelSource'], ParentType, ContextType>;
}>;

export type ModelConnectionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ModelConnection'] = ResolversParentTypes['ModelConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ModelEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ModelEdgeResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ModelEdge'] = ResolversParentTypes['ModelEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
}>;

export type ModelPropertyResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ModelProperty'] = ResolversParentTypes['ModelProperty']> = ResolversObject<{
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ProtocolResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Protocol'] = ResolversParentTypes['Protocol']> = ResolversObject<{
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  params?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  leaderboard?: Resolver<ResolversTypes['Leaderboard'], ParentType, ContextType, RequireFields<QueryLeaderboardArgs, 'aggregate' | 'suite'>>;
  model?: Resolver<Maybe<ResolversTypes['Model']>, ParentType, ContextType, RequireFields<QueryModelArgs, 'slug'>>;
  models?: Resolver<ResolversTypes['ModelConnection'], ParentType, ContextType, RequireFields<QueryModelsArgs, 'first'>>;
  suite?: Resolver<Maybe<ResolversTypes['Suite']>, ParentType, ContextType, RequireFields<QuerySuiteArgs, 'slug'>>;
  suites?: Resolver<Array<ResolversTypes['Suite']>, ParentType, ContextType>;
  task?: Resolver<Maybe<ResolversTypes['Task']>, ParentType, ContextType, RequireFields<QueryTaskArgs, 'slug'>>;
  tasks?: Resolver<Array<ResolversTypes['Task']>, ParentType, ContextType, Partial<QueryTasksArgs>>;
}>;

export type ResultResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Result'] = ResolversParentTypes['Result']> = ResolversObject<{
  ciHigh?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  ciLow?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  metric?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  protocolId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  protocolVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  provenance?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['ResultSource'], ParentType, ContextType>;
  task?: Resolver<ResolversTypes['Task'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type SuiteResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Suite'] = ResolversParentTypes['Suite']> = ResolversObject<{
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tasks?: Resolver<Array<ResolversTypes['Task']>, ParentType, ContextType, Partial<SuiteTasksArgs>>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type TaskResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Task'] = ResolversParentTypes['Task']> = ResolversObject<{
  category?: Resolver<ResolversTypes['TaskCategory'], ParentType, ContextType>;
  dataset?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  higherIsBetter?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  numClasses?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  paperProtocol?: Resolver<ResolversTypes['Protocol'], ParentType, ContextType>;
  primaryMetric?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  protocol?: Resolver<Maybe<ResolversTypes['Protocol']>, ParentType, ContextType>;
  secondaryMetrics?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = ApiContext> = ResolversObject<{
  CategoryScore?: CategoryScoreResolvers<ContextType>;
  Completeness?: CompletenessResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Leaderboard?: LeaderboardResolvers<ContextType>;
  LeaderboardCell?: LeaderboardCellResolvers<ContextType>;
  LeaderboardRow?: LeaderboardRowResolvers<ContextType>;
  Model?: ModelResolvers<ContextType>;
  ModelConnection?: ModelConnectionResolvers<ContextType>;
  ModelEdge?: ModelEdgeResolvers<ContextType>;
  ModelProperty?: ModelPropertyResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Protocol?: ProtocolResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Result?: ResultResolvers<ContextType>;
  Suite?: SuiteResolvers<ContextType>;
  Task?: TaskResolvers<ContextType>;
}>;

