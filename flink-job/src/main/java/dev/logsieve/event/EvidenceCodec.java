package dev.logsieve.event;

import dev.logsieve.proto.Evidence;

/** {@link VerdictEvidence} to and from its protobuf form (see {@link ProtoCodec}). */
final class EvidenceCodec {
    private EvidenceCodec() {}

    static Evidence toProto(VerdictEvidence e) {
        Evidence.Builder b = Evidence.newBuilder();
        if (e.lines != null) {
            for (EvidenceLine l : e.lines) {
                b.addLines(dev.logsieve.proto.EvidenceLine.newBuilder().setPosition(l.position).setTemplateId(l.templateId)
                        .setText(orEmpty(l.text)).setWhy(l.why).setTrainingSequences(l.trainingSequences)
                        .setTrainingAnomalous(l.trainingAnomalous).setOccurrences(l.occurrences).setUsualCount(l.usualCount));
            }
        }
        if (e.members != null) {
            for (MemberReason r : e.members) {
                b.addMembers(toProto(r));
            }
        }
        return b.build();
    }

    private static dev.logsieve.proto.MemberReason toProto(MemberReason r) {
        dev.logsieve.proto.MemberReason.Builder b = dev.logsieve.proto.MemberReason.newBuilder()
                .setMember(r.member).setSummary(orEmpty(r.summary));
        if (r.leafSequences != null) {
            b.setLeafSequences(r.leafSequences).setLeafAnomalous(r.leafAnomalous);
        }
        if (r.path != null) {
            for (MemberReason.Step s : r.path) {
                b.addPath(dev.logsieve.proto.TreeStep.newBuilder().setFeature(s.feature).setTemplateId(s.templateId)
                        .setText(orEmpty(s.text)).setCount(s.count).setAtMostBranch(s.atMostBranch).setAtMost(s.atMost));
            }
        }
        if (r.neighbours != null) {
            for (MemberReason.Neighbour n : r.neighbours) {
                b.addNeighbours(dev.logsieve.proto.Neighbour.newBuilder().setKey(n.key).setLabel(ProtoCodec.label(n.label))
                        .setDistance(n.distance).setSequences(n.sequences));
            }
        }
        if (r.influences != null) {
            for (MemberReason.Influence f : r.influences) {
                b.addInfluences(dev.logsieve.proto.Influence.newBuilder().setPosition(f.position).setTemplateId(f.templateId)
                        .setText(orEmpty(f.text)).setOccurrences(f.occurrences).setDrop(f.drop));
            }
        }
        return b.build();
    }

    static VerdictEvidence fromProto(Evidence p) {
        VerdictEvidence e = new VerdictEvidence();
        if (p.getLinesCount() > 0) {
            e.lines = p.getLinesList().stream().map(l -> new EvidenceLine(l.getPosition(), l.getTemplateId(),
                    orNull(l.getText()), l.getWhy(), l.getTrainingSequences(), l.getTrainingAnomalous(), l.getOccurrences(),
                    l.getUsualCount())).toArray(EvidenceLine[]::new);
        }
        if (p.getMembersCount() > 0) {
            e.members = p.getMembersList().stream().map(EvidenceCodec::fromProto).toArray(MemberReason[]::new);
        }
        return e;
    }

    private static MemberReason fromProto(dev.logsieve.proto.MemberReason p) {
        MemberReason r = new MemberReason(p.getMember(), orNull(p.getSummary()));
        if (p.hasLeafSequences()) {
            r.leafSequences = p.getLeafSequences();
            r.leafAnomalous = p.getLeafAnomalous();
        }
        if (p.getPathCount() > 0) {
            r.path = p.getPathList().stream().map(s -> new MemberReason.Step(s.getFeature(), s.getTemplateId(),
                    orNull(s.getText()), s.getCount(), s.getAtMostBranch(), s.getAtMost())).toArray(MemberReason.Step[]::new);
        }
        if (p.getNeighboursCount() > 0) {
            r.neighbours = p.getNeighboursList().stream().map(n -> new MemberReason.Neighbour(n.getKey(),
                    ProtoCodec.label(n.getLabel()), n.getDistance(), n.getSequences())).toArray(MemberReason.Neighbour[]::new);
        }
        if (p.getInfluencesCount() > 0) {
            r.influences = p.getInfluencesList().stream().map(f -> new MemberReason.Influence(f.getPosition(),
                    f.getTemplateId(), orNull(f.getText()), f.getOccurrences(), f.getDrop())).toArray(MemberReason.Influence[]::new);
        }
        return r;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String orNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
