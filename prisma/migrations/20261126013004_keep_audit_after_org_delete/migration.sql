-- Audit rows outlive their org: they are the platform's compliance record (the org.delete row included),
-- so deleting an org no longer cascades to them. org_id and its indexes stay. See docs/operations.md for
-- how an operator purges them.
-- DropForeignKey
ALTER TABLE "audit_logs" DROP CONSTRAINT "audit_logs_org_id_fkey";
