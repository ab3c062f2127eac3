import { FactoryProvider, Inject } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WEBHOOKS_SQL_DIALECT } from '../webhooks.constants';
import { SQL_DIALECTS, SqlDialect, sqlDialectOf } from './dialect.sql';

/** The dialect of the host's data source, told once at start; every repository injects it. */
export const sqlDialectProvider: FactoryProvider<SqlDialect> = {
  provide: WEBHOOKS_SQL_DIALECT,
  useFactory: (dataSource: DataSource) => SQL_DIALECTS[sqlDialectOf(dataSource)],
  inject: [getDataSourceToken()],
};

/** Injects the `SqlDialect` chosen by `sqlDialectProvider`. */
export const InjectSqlDialect = (): ParameterDecorator => Inject(WEBHOOKS_SQL_DIALECT);
