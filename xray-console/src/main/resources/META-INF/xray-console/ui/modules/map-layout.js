/*
 * Where the service map puts its nodes, and what it reads from the service graph: a node's kind and its request
 * statistics. No drawing here.
 */

// Segment origins: nodes of these types are instrumented services, other AWS:: types are called resources.
const ORIGINS = ['AWS::EC2::Instance', 'AWS::ECS::Container', 'AWS::ECS::EC2', 'AWS::ECS::Fargate', 'AWS::EKS::Container',
	'AWS::ElasticBeanstalk::Environment', 'AWS::AppRunner::Service', 'AWS::Lambda::Function'];

const COLUMN_WIDTH = 210;

const ROW_HEIGHT = 150;

/**
 * Counts of a service's or an edge's SummaryStatistics: total, ok, error (4xx other than throttling), throttle,
 * fault and the average response time.
 */
export function stats(s) {
	s = s || {};
	const errors = s.ErrorStatistics || {};
	const faults = s.FaultStatistics || {};
	return {
		total: s.TotalCount || 0, ok: s.OkCount || 0, error: (errors.TotalCount || 0) - (errors.ThrottleCount || 0),
		throttle: errors.ThrottleCount || 0, fault: faults.TotalCount || 0,
		avg: s.TotalCount ? (s.TotalResponseTime || 0) / s.TotalCount : 0
	};
}

/**
 * What a node stands for: client, aws (a called AWS resource), database, remote or service.
 */
export function kindOf(service) {
	const type = service.Type || '';
	if (type === 'client') {
		return 'client';
	}
	if (type.startsWith('AWS::') && !ORIGINS.includes(type)) {
		return 'aws';
	}
	if (type === 'Database::SQL') {
		return 'database';
	}
	if (type === 'remote') {
		return 'remote';
	}
	return 'service';
}

/**
 * Lay the services out left to right in columns by the longest call path reaching them, each column sorted by
 * name and centred: { byId, positions (centre of each node by ReferenceId), width, height }.
 */
export function layout(services) {
	const byId = {};
	const incoming = {};
	services.forEach((s) => {
		byId[s.ReferenceId] = s;
		incoming[s.ReferenceId] = 0;
	});
	services.forEach((s) => {
		(s.Edges || []).forEach((e) => {
			if (e.ReferenceId !== s.ReferenceId) {
				incoming[e.ReferenceId] = (incoming[e.ReferenceId] || 0) + 1;
			}
		});
	});
	const depth = {};
	let queue = services.filter((s) => !incoming[s.ReferenceId]).map((s) => s.ReferenceId);
	if (!queue.length && services.length) {
		queue = [services[0].ReferenceId];
	}
	queue.forEach((id) => {
		depth[id] = 0;
	});
	// Longest-path layering (bounded so cycles cannot loop forever).
	for (let round = 0; round < services.length; round++) {
		let changed = false;
		services.forEach((s) => {
			if (depth[s.ReferenceId] === undefined) {
				return;
			}
			(s.Edges || []).forEach((e) => {
				const next = depth[s.ReferenceId] + 1;
				if (e.ReferenceId !== s.ReferenceId && (depth[e.ReferenceId] === undefined || depth[e.ReferenceId] < next)
					&& next < services.length) {
					depth[e.ReferenceId] = next;
					changed = true;
				}
			});
		});
		if (!changed) {
			break;
		}
	}
	let columns = [];
	services.forEach((s) => {
		const d = depth[s.ReferenceId] === undefined ? 0 : depth[s.ReferenceId];
		(columns[d] = columns[d] || []).push(s);
	});
	columns = columns.filter(Boolean);
	const tallest = Math.max(...columns.map((c) => c.length));
	const width = Math.max(columns.length * COLUMN_WIDTH, 480);
	const height = Math.max(tallest * ROW_HEIGHT, 220);
	const positions = {};
	columns.forEach((column, ci) => {
		column.sort((a, b) => (a.Name < b.Name ? -1 : 1));
		const offset = (height - column.length * ROW_HEIGHT) / 2;
		column.forEach((s, ri) => {
			positions[s.ReferenceId] = { x: ci * COLUMN_WIDTH + COLUMN_WIDTH / 2, y: offset + ri * ROW_HEIGHT + ROW_HEIGHT / 2 - 14 };
		});
	});
	return { byId: byId, positions: positions, width: width, height: height };
}
