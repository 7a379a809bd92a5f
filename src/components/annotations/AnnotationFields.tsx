import React, { useId, useState } from 'react';
import { Alert, Button, Field, Stack, TagsInput, TextArea } from '@grafana/ui';
import { AnnotationWriteError, MAX_TEXT_LENGTH, textProblem } from '../../api/annotationsApi';
import { testIds } from '../../testIds';

type DraftFields = Pick<Props, 'text' | 'onTextChange' | 'tags' | 'onTagsChange' | 'problem' | 'onSave'>;

/**
 * What a person types into an annotation form, and the save that refuses empty or too-long text and shows
 * a storage failure (an AnnotationWriteError thrown by `submit`) without losing what was typed.
 */
export function useAnnotationDraft(
  initial: { text: string; tags: string[] },
  submit: (text: string, tags: string[]) => void
): DraftFields {
  const [text, setText] = useState(initial.text);
  const [tags, setTags] = useState(initial.tags);
  const [problem, setProblem] = useState<string>();
  const onSave = () => {
    const textError = textProblem(text);
    if (textError) {
      setProblem(textError);
      return;
    }
    try {
      submit(text, tags);
    } catch (error) {
      setProblem(error instanceof AnnotationWriteError ? error.message : `Could not save: ${String(error)}`);
    }
  };
  const onTextChange = (value: string) => {
    setText(value);
    setProblem(undefined);
  };
  return { text, onTextChange, tags, onTagsChange: setTags, problem, onSave };
}

interface Props {
  text: string;
  onTextChange: (text: string) => void;
  tags: string[];
  onTagsChange: (tags: string[]) => void;
  /** Why the last save was refused; shown under the fields, with the text marked invalid. */
  problem?: string;
  onSave: () => void;
  onCancel: () => void;
  /** The test ids of the text box and the buttons. */
  ids: { text: string; save: string; cancel: string };
  placeholder?: string;
  tagsDescription?: string;
}

/** The text, tags, refusal and Save/Cancel of the forms that add or edit an annotation. */
export function AnnotationFields(props: Props) {
  const { text, onTextChange, tags, onTagsChange, problem, onSave, onCancel, ids } = props;
  const textId = useId();
  return (
    <>
      <Field
        label="What happened"
        htmlFor={textId}
        description={`${text.length.toLocaleString('en-US')} / ${MAX_TEXT_LENGTH.toLocaleString('en-US')} characters`}
        invalid={Boolean(problem)}
        noMargin
      >
        <TextArea
          id={textId}
          data-testid={ids.text}
          value={text}
          rows={3}
          autoFocus
          placeholder={props.placeholder}
          onChange={(event) => onTextChange(event.currentTarget.value)}
        />
      </Field>
      <Field label="Tags" description={props.tagsDescription} noMargin>
        <TagsInput tags={tags} onChange={onTagsChange} placeholder="Add a tag and press Enter" />
      </Field>
      {problem && (
        <Alert severity="error" title="Not saved" data-testid={testIds.annotationProblem}>
          {problem}
        </Alert>
      )}
      <Stack justifyContent="flex-end" gap={1}>
        <Button variant="secondary" fill="outline" onClick={onCancel} data-testid={ids.cancel}>
          Cancel
        </Button>
        <Button onClick={onSave} data-testid={ids.save} tooltip="Ctrl+Enter">
          Save
        </Button>
      </Stack>
    </>
  );
}
