"""A local XML Schema (XSD 1.1) for the part of GEXF 1.3 this toolkit writes and Gephi reads.

Why our own: the normative GEXF 1.3 grammar is the RELAX NG schema published by the Gephi project
(``gexf.rnc``/``dynamics.rnc``, namespace ``http://gexf.net/1.3``); the XSD shipped next to it is
incomplete (it includes a viz schema that is absent and references node/edge types it never defines),
so it cannot be compiled, and no Python package ships it. This schema re-states the RELAX NG structure
as XSD, written by us: root ``gexf`` (version 1.3) with optional ``meta`` and one ``graph``; a graph has
``attributes`` blocks (class node|edge, mode static|dynamic), then ``nodes`` and ``edges``; nodes and
edges carry ``attvalues`` and ``spells``; time attributes (start/end, or timestamp, never both) are
integers, doubles, dates or date-times. XSD 1.1 assertions express RELAX NG's "either start/end or
timestamp" choice, which XSD 1.0 cannot. Hierarchy (nested nodes) and phylogenics (parents) are included
for completeness; the viz extension is not (we do not write it).
"""

from __future__ import annotations

GEXF_NS = "http://gexf.net/1.3"

GEXF_13_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:vc="http://www.w3.org/2007/XMLSchema-versioning"
           xmlns:g="http://gexf.net/1.3" targetNamespace="http://gexf.net/1.3"
           elementFormDefault="qualified" vc:minVersion="1.1">

  <!-- value types -->
  <xs:simpleType name="time">
    <xs:union memberTypes="xs:integer xs:double xs:date xs:dateTime"/>
  </xs:simpleType>
  <xs:simpleType name="identifier">
    <xs:union memberTypes="xs:string xs:integer xs:long"/>
  </xs:simpleType>
  <xs:simpleType name="edgeKind">
    <xs:restriction base="xs:string">
      <xs:enumeration value="directed"/><xs:enumeration value="undirected"/><xs:enumeration value="mutual"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="graphMode">
    <xs:restriction base="xs:string">
      <xs:enumeration value="static"/><xs:enumeration value="dynamic"/><xs:enumeration value="slice"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="attributeMode">
    <xs:restriction base="xs:string">
      <xs:enumeration value="static"/><xs:enumeration value="dynamic"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="timeFormat">
    <xs:restriction base="xs:string">
      <xs:enumeration value="integer"/><xs:enumeration value="double"/>
      <xs:enumeration value="date"/><xs:enumeration value="dateTime"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="timeRepresentation">
    <xs:restriction base="xs:string">
      <xs:enumeration value="interval"/><xs:enumeration value="timestamp"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="valueType">
    <xs:restriction base="xs:string">
      <xs:enumeration value="integer"/><xs:enumeration value="long"/><xs:enumeration value="double"/>
      <xs:enumeration value="float"/><xs:enumeration value="boolean"/><xs:enumeration value="bigdecimal"/>
      <xs:enumeration value="biginteger"/><xs:enumeration value="byte"/><xs:enumeration value="char"/>
      <xs:enumeration value="short"/><xs:enumeration value="string"/><xs:enumeration value="anyURI"/>
      <xs:enumeration value="liststring"/><xs:enumeration value="listboolean"/>
      <xs:enumeration value="listinteger"/><xs:enumeration value="listlong"/>
      <xs:enumeration value="listfloat"/><xs:enumeration value="listdouble"/>
      <xs:enumeration value="listbyte"/><xs:enumeration value="listshort"/>
      <xs:enumeration value="listbigdecimal"/><xs:enumeration value="listbiginteger"/>
      <xs:enumeration value="listchar"/>
    </xs:restriction>
  </xs:simpleType>

  <!-- time attributes shared by graph, node, edge, spell and attvalue -->
  <xs:attributeGroup name="interval">
    <xs:attribute name="start" type="g:time"/>
    <xs:attribute name="end" type="g:time"/>
    <xs:attribute name="timestamp" type="g:time"/>
  </xs:attributeGroup>
  <xs:attributeGroup name="lifetime">
    <xs:attributeGroup ref="g:interval"/>
    <xs:attribute name="intervals" type="xs:token"/>
    <xs:attribute name="timestamps" type="xs:token"/>
  </xs:attributeGroup>

  <xs:element name="gexf">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="meta" minOccurs="0">
          <xs:complexType>
            <xs:all>
              <xs:element name="creator" type="xs:string" minOccurs="0"/>
              <xs:element name="keywords" type="xs:string" minOccurs="0"/>
              <xs:element name="description" type="xs:string" minOccurs="0"/>
            </xs:all>
            <xs:attribute name="lastmodifieddate" type="xs:date"/>
          </xs:complexType>
        </xs:element>
        <xs:element name="graph" type="g:graph"/>
      </xs:sequence>
      <xs:attribute name="version" use="required">
        <xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="1.3"/></xs:restriction></xs:simpleType>
      </xs:attribute>
      <xs:attribute name="variant" type="xs:string"/>
    </xs:complexType>
  </xs:element>

  <xs:complexType name="graph">
    <xs:sequence>
      <xs:element name="attributes" type="g:attributes" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="nodes" type="g:nodes"/>
      <xs:element name="edges" type="g:edges"/>
    </xs:sequence>
    <xs:attribute name="defaultedgetype" type="g:edgeKind"/>
    <xs:attribute name="idtype">
      <xs:simpleType><xs:restriction base="xs:string">
        <xs:enumeration value="integer"/><xs:enumeration value="string"/>
      </xs:restriction></xs:simpleType>
    </xs:attribute>
    <xs:attribute name="mode" type="g:graphMode"/>
    <xs:attribute name="timeformat" type="g:timeFormat"/>
    <xs:attribute name="timerepresentation" type="g:timeRepresentation"/>
    <xs:attribute name="timezone" type="xs:token"/>
    <xs:attributeGroup ref="g:interval"/>
    <xs:assert test="not((@start or @end) and @timestamp)"/>
  </xs:complexType>

  <xs:complexType name="attributes">
    <xs:sequence>
      <xs:element name="attribute" minOccurs="0" maxOccurs="unbounded">
        <xs:complexType>
          <xs:all>
            <xs:element name="default" type="xs:string" minOccurs="0"/>
            <xs:element name="options" type="xs:string" minOccurs="0"/>
          </xs:all>
          <xs:attribute name="id" type="g:identifier" use="required"/>
          <xs:attribute name="title" type="xs:string" use="required"/>
          <xs:attribute name="type" type="g:valueType" use="required"/>
        </xs:complexType>
      </xs:element>
    </xs:sequence>
    <xs:attribute name="class" use="required">
      <xs:simpleType><xs:restriction base="xs:string">
        <xs:enumeration value="node"/><xs:enumeration value="edge"/>
      </xs:restriction></xs:simpleType>
    </xs:attribute>
    <xs:attribute name="mode" type="g:attributeMode"/>
  </xs:complexType>

  <xs:complexType name="nodes">
    <xs:sequence>
      <xs:element name="node" type="g:node" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="count" type="xs:nonNegativeInteger"/>
  </xs:complexType>

  <xs:complexType name="edges">
    <xs:sequence>
      <xs:element name="edge" type="g:edge" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="count" type="xs:nonNegativeInteger"/>
  </xs:complexType>

  <xs:complexType name="attvalues">
    <xs:sequence>
      <xs:element name="attvalue" minOccurs="0" maxOccurs="unbounded">
        <xs:complexType>
          <xs:attribute name="for" type="g:identifier" use="required"/>
          <xs:attribute name="value" type="xs:string" use="required"/>
          <xs:attributeGroup ref="g:interval"/>
          <xs:assert test="not((@start or @end) and @timestamp)"/>
        </xs:complexType>
      </xs:element>
    </xs:sequence>
  </xs:complexType>

  <xs:complexType name="spells">
    <xs:sequence>
      <xs:element name="spell" maxOccurs="unbounded">
        <xs:complexType>
          <xs:attributeGroup ref="g:interval"/>
          <xs:assert test="not((@start or @end) and @timestamp)"/>
        </xs:complexType>
      </xs:element>
    </xs:sequence>
  </xs:complexType>

  <xs:complexType name="node">
    <xs:all>
      <xs:element name="attvalues" type="g:attvalues" minOccurs="0"/>
      <xs:element name="spells" type="g:spells" minOccurs="0"/>
      <xs:element name="nodes" type="g:nodes" minOccurs="0"/>
      <xs:element name="edges" type="g:edges" minOccurs="0"/>
      <xs:element name="parents" minOccurs="0">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="parent" minOccurs="0" maxOccurs="unbounded">
              <xs:complexType><xs:attribute name="for" type="g:identifier" use="required"/></xs:complexType>
            </xs:element>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
    </xs:all>
    <xs:attribute name="id" type="g:identifier" use="required"/>
    <xs:attribute name="label" type="xs:token"/>
    <xs:attribute name="pid" type="g:identifier"/>
    <xs:attributeGroup ref="g:lifetime"/>
    <xs:assert test="count((@start | @end)[1]) + count(@intervals) + count(@timestamp) + count(@timestamps) le 1"/>
  </xs:complexType>

  <xs:complexType name="edge">
    <xs:all>
      <xs:element name="attvalues" type="g:attvalues" minOccurs="0"/>
      <xs:element name="spells" type="g:spells" minOccurs="0"/>
    </xs:all>
    <xs:attribute name="id" type="g:identifier"/>
    <xs:attribute name="type" type="g:edgeKind"/>
    <xs:attribute name="label" type="xs:token"/>
    <xs:attribute name="source" type="g:identifier" use="required"/>
    <xs:attribute name="target" type="g:identifier" use="required"/>
    <xs:attribute name="weight" type="xs:double"/>
    <xs:attribute name="kind" type="xs:token"/>
    <xs:attributeGroup ref="g:lifetime"/>
    <xs:assert test="count((@start | @end)[1]) + count(@intervals) + count(@timestamp) + count(@timestamps) le 1"/>
  </xs:complexType>
</xs:schema>
"""
